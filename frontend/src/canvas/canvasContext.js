// What the canvas's own parts (edges, their buttons) need to know from the page: whether the
// journey may be changed here (a published version, or a viewer's canvas, is read-only).
import { createContext, useContext } from "react";

export const CanvasReadOnly = createContext(false);

export const useCanvasReadOnly = () => useContext(CanvasReadOnly);
