// For host pages that embed Earmark in an iframe: sizes every <iframe data-earmark-frame> to its
// content, so the frame grows and shrinks as sections open and close, with no inner scroll bar.
//
// A message is taken only from the frame's own window (event.source) and only when it comes
// from the frame's origin (event.origin). The messages are { earmark: { height } },
// { earmark: { seek: { seconds } } } (the reader pressed a time in the transcript), which
// becomes an `earmark:seek` event on the iframe, as a script embed dispatches on its element,
// and moves the host's player marked `data-audio-for="<the iframe's id>"`, if there is one, and
// { earmark: { scrollTo: { top, bottom, behavior } } }: the frame has no scroll of its own, so
// when it brings something into view (a followed link, the next search match, a revealed
// highlight) this script scrolls the host page to it.
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

/** The latest scroll request of each frame, kept for a moment while the frame may still grow
    or its target still move. */
const wanted = new WeakMap();
// How long a request is kept: until then, the frame's new heights re-apply it (the host page
// may have been too short to scroll that far), a new request from the frame corrects it
// (sections that skipped layout off screen take their real height once they come into view),
// and so does a move of the frame itself (the host's own content above it growing, which
// WebKit's missing scroll anchoring, and any engine's during a smooth scroll, leave unfixed).
const KEPT_MS = 2500;

/** Scrolls the host so that the frame's stretch from `top` to `bottom` (CSS pixels in the
    frame's document) is on screen: a third of the way down when it fits, else its top at the
    top. A new request (`mayStay`) leaves the page where it is when the stretch is already on
    screen; returns whether it scrolled. */
function scrollHost(frame, { top, bottom, behavior }, mayStay) {
  const box = frame.getBoundingClientRect();
  const [from, to] = [box.top + top, box.top + bottom];
  if (mayStay && from >= 0 && to <= innerHeight) return false;
  const height = to - from;
  const offset = height < innerHeight ? Math.min(innerHeight / 3, innerHeight - height) : 0;
  const reduced = matchMedia("(prefers-reduced-motion: reduce)").matches;
  scrollTo({ top: Math.max(0, scrollY + from - offset), behavior: reduced || behavior !== "smooth" ? "instant" : "smooth" });
  return true;
}

/** While `frame`'s request is kept, follows the frame's place in the page, once a frame. */
function watch(frame) {
  const top = () => frame.getBoundingClientRect().top + scrollY;
  let last = top();
  const tick = () => {
    const request = kept(frame);
    if (!request) return;
    const now = top();
    if (Math.abs(now - last) > 1) scrollHost(frame, request, false);
    last = now;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}

// A reader who scrolls meanwhile has taken over: no kept request pulls the page back.
for (const type of ["wheel", "touchstart", "keydown"]) {
  addEventListener(type, () => { for (const frame of frames()) wanted.delete(frame); }, { passive: true, capture: true });
}

const isEdge = (value) => Number.isInteger(value) && value >= 0;
const kept = (frame) => {
  const request = wanted.get(frame);
  return request && performance.now() < request.until ? request : null;
};

addEventListener("message", (event) => {
  const message = event.data?.earmark;
  if (isTime(message?.height)) {
    const frame = sender(event);
    if (!frame) return;
    fit(frame);
    frame.style.height = `${Math.ceil(message.height)}px`;
    const request = kept(frame);
    if (request) scrollHost(frame, request, false);
  } else if (isEdge(message?.scrollTo?.top) && isEdge(message.scrollTo.bottom)) {
    const frame = sender(event);
    if (!frame) return;
    const { top, bottom, behavior } = message.scrollTo;
    const request = { top, bottom, behavior, until: performance.now() + KEPT_MS };
    // A correction of a request under way scrolls in any case: the page may be mid-way.
    const following = kept(frame);
    if (scrollHost(frame, request, !following)) {
      wanted.set(frame, request);
      if (!following) watch(frame);
    } else wanted.delete(frame);
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
