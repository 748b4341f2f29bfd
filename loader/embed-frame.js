// For host pages that embed Earmark in an iframe: sizes every <iframe data-earmark-frame> to its
// content, so the frame grows and shrinks as sections open and close, with no inner scroll bar.
//
// A message is taken only from the frame's own window (event.source) and only when it comes
// from the frame's origin (event.origin); the only message is { earmark: { height } }. Frames
// may be sandboxed (sandbox="allow-scripts"): Earmark then keeps everything in memory.

function frames() {
  return document.querySelectorAll("iframe[data-earmark-frame]");
}

function fit(frame) {
  // This script owns the frame's height, so the frame gets no scroll bar of its own (as
  // iframe-resizer does). A scroll bar would also feed back: it narrows the content, which
  // then wraps taller, the frame grows, the bar goes, the content shrinks, and so on.
  frame.setAttribute("scrolling", "no");
  // Set through the CSSOM, which a strict Content-Security-Policy allows. A width the host
  // gave (a width attribute, or one set on the element's style) is kept.
  frame.style.display = "block";
  frame.style.border = "0";
  if (!frame.style.width && !frame.hasAttribute("width")) frame.style.width = "100%";
}

/** The origin the frame's messages come from: its address's, or "null" for a sandboxed frame
    without allow-same-origin (an opaque origin). */
function originOf(frame) {
  const sandbox = frame.getAttribute("sandbox");
  if (sandbox !== null && !sandbox.split(/\s+/).includes("allow-same-origin")) return "null";
  try {
    return new URL(frame.src, document.baseURI).origin;
  } catch {
    return null;
  }
}

addEventListener("message", (event) => {
  const height = event.data?.earmark?.height;
  if (typeof height !== "number" || !Number.isFinite(height) || height < 0) return;
  for (const frame of frames()) {
    if (frame.contentWindow !== event.source) continue;
    if (event.origin !== originOf(frame)) return;
    fit(frame);
    frame.style.height = `${Math.ceil(height)}px`;
    return;
  }
});

for (const frame of frames()) fit(frame);
