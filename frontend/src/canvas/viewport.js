// How "Fit view" frames the journey: the whole graph when it fits, but never so small that the
// steps' text cannot be read (below READABLE_ZOOM a 13 px summary is under 9 px on screen);
// a larger journey is framed at that zoom and panned or zoomed out by hand.
export const READABLE_ZOOM = 0.7;

export const FIT_VIEW = { padding: 0.2, maxZoom: 1, minZoom: READABLE_ZOOM };
