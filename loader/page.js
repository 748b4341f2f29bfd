// Starts the standalone Earmark page (index.html, also inside a host's iframe). The build
// replaces the file names below with the hashed names of this build.
import init, { start_page } from "./__EARMARK_JS__";

await init({ module_or_path: new URL("./__EARMARK_WASM__", import.meta.url) });
start_page();
