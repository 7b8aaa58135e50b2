// The designer's unsaved-changes guard: asks before leaving the editor while the draft is dirty.
import UnsavedChangesGuard from "../components/UnsavedChangesGuard.jsx";
import { useEditor } from "../store/editorStore.js";

export default function UnsavedEditorGuard({ onSave }) {
  const dirty = useEditor((s) => s.dirty);
  return <UnsavedChangesGuard when={dirty} onSave={onSave} what="This journey" />;
}
