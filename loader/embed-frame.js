// For host pages that embed Earmark in an iframe: sizes every <iframe data-earmark-frame> to its
// content, so the frame grows and shrinks as sections open and close, with no inner scroll bar.
//
// A message is taken only from the frame's own window (event.source) and only when it comes
// from the frame's origin (event.origin); the only message is { earmark: { height } }.

function frames() {
  return document.querySelectorAll("iframe[data-earmark-frame]");
}

function fit(frame) {
  // Set through the CSSOM, which a strict Content-Security-Policy allows. A width the host
  // gave (a width attribute, or one set on the element's style) is kept.
  frame.style.display = "block";
  frame.style.border = "0";
  if (!frame.style.width && !frame.hasAttribute("width")) frame.style.width = "100%";
}

function originOf(frame) {
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
