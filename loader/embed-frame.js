// For host pages that embed Earmark in an iframe: sizes every <iframe data-earmark-frame> to its
// content, so the frame grows and shrinks as sections open and close, with no inner scroll bar.
//
// A message is taken only from the frame's own window (event.source) and only when it comes
// from the frame's origin (event.origin). The messages are { earmark: { height } } and
// { earmark: { seek: { seconds } } } (the reader pressed a time in the transcript): the latter
// becomes an `earmark:seek` event on the iframe, as a script embed dispatches on its element,
// and moves the host's player marked `data-audio-for="<the iframe's id>"`, if there is one.
// Frames may be sandboxed (sandbox="allow-scripts"): Earmark then keeps everything in memory.

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

/** The frame whose window sent `event`, if its origin is the frame's. */
function sender(event) {
  for (const frame of frames()) {
    if (frame.contentWindow !== event.source) continue;
    return event.origin === originOf(frame) ? frame : null;
  }
  return null;
}

const isTime = (value) => typeof value === "number" && Number.isFinite(value) && value >= 0;

/** The host's player for `frame`: an <audio> or <video> whose data-audio-for is its id. */
function playerOf(frame) {
  if (!frame.id) return null;
  for (const media of document.querySelectorAll("audio[data-audio-for], video[data-audio-for]")) {
    if (media.dataset.audioFor === frame.id) return media;
  }
  return null;
}

addEventListener("message", (event) => {
  const message = event.data?.earmark;
  if (isTime(message?.height)) {
    const frame = sender(event);
    if (!frame) return;
    fit(frame);
    frame.style.height = `${Math.ceil(message.height)}px`;
  } else if (isTime(message?.seek?.seconds)) {
    const frame = sender(event);
    if (!frame) return;
    const seconds = message.seek.seconds;
    frame.dispatchEvent(new CustomEvent("earmark:seek", { bubbles: true, composed: true, detail: { seconds } }));
    const player = playerOf(frame);
    if (player) {
      player.currentTime = seconds;
      // Playing may be refused (autoplay rules); the position is set all the same.
      player.play()?.catch(() => {});
    }
  }
});

for (const frame of frames()) fit(frame);
