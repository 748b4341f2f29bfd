//! The reader's text selection, as offsets into the page's searchable segments.
//!
//! Offsets here are UTF-16 code units within a segment element's text (what the DOM counts);
//! the caller converts them to byte offsets with `core::search::utf16_to_byte`.

use wasm_bindgen::JsCast;
use web_sys::{DomRect, Element, Node, Range};

/// A selected stretch of one segment, in UTF-16 units of its text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SelectedUnits {
    pub segment: usize,
    pub start: u32,
    pub end: u32,
}

/// The current selection inside `root`: the pieces per segment, and where it is on screen.
pub struct Selected {
    pub pieces: Vec<SelectedUnits>,
    pub rect: DomRect,
}

/// The selection as a range whose boundaries are the real nodes under `root`, also when `root`
/// is inside a shadow root. There `getRangeAt` would give a range moved out to the shadow host,
/// so `getComposedRanges` (told about the shadow root) is asked first, where the browser has it.
fn range(root: &Element) -> Option<Range> {
    let selection = web_sys::window()?.get_selection().ok()??;
    if selection.range_count() == 0 {
        return None;
    }
    // Asked first: seen from the document, a selection inside a shadow root sits at the shadow
    // host and is collapsed there, whatever is selected inside.
    if let Ok(shadow) = root.get_root_node().dyn_into::<web_sys::ShadowRoot>() {
        if let Some(range) = composed_range(&selection, &shadow).filter(|range| !range.collapsed()) {
            return Some(range);
        }
    }
    if selection.is_collapsed() {
        return None;
    }
    selection.get_range_at(0).ok()
}

/// `selection.getComposedRanges({ shadowRoots: [shadow] })[0]` as a live range, where the
/// browser has the method (web-sys does not bind it yet). Browsers that shipped it before the
/// options dictionary take the shadow roots as arguments instead; both are tried.
fn composed_range(selection: &web_sys::Selection, shadow: &web_sys::ShadowRoot) -> Option<Range> {
    use js_sys::{Array, Function, Object, Reflect};
    let method = Reflect::get(selection, &"getComposedRanges".into()).ok()?.dyn_into::<Function>().ok()?;
    let options = Object::new();
    Reflect::set(&options, &"shadowRoots".into(), &Array::of1(shadow)).ok()?;
    let ranges = method
        .call1(selection, &options)
        .or_else(|_| method.call1(selection, shadow))
        .ok()?
        .dyn_into::<Array>()
        .ok()?;
    let first = ranges.get(0).dyn_into::<web_sys::AbstractRange>().ok()?;
    let live = gloo::utils::document().create_range().ok()?;
    live.set_start(&first.start_container(), first.start_offset()).ok()?;
    live.set_end(&first.end_container(), first.end_offset()).ok()?;
    Some(live)
}

/// What is selected inside `root`, if anything.
pub fn current(root: &Element) -> Option<Selected> {
    let range = range(root)?;
    // Only white space selected: nothing to keep.
    if String::from(range.to_string()).trim().is_empty() {
        return None;
    }
    let list = root.query_selector_all("[data-seg]").ok()?;
    let mut pieces = Vec::new();
    for i in 0..list.length() {
        let Some(element) = list.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else { continue };
        if !range.intersects_node(&element).unwrap_or(false) {
            continue;
        }
        let Some(segment) = element.get_attribute("data-seg").and_then(|v| v.parse().ok()) else { continue };
        let start_node = range.start_container().ok()?;
        let end_node = range.end_container().ok()?;
        let start = if element.contains(Some(&start_node)) {
            units_before(&element, &start_node, range.start_offset().ok()?)
        } else {
            0
        };
        let end = if element.contains(Some(&end_node)) {
            units_before(&element, &end_node, range.end_offset().ok()?)
        } else {
            text_units(&element)
        };
        if start < end {
            pieces.push(SelectedUnits { segment, start, end });
        }
    }
    if pieces.is_empty() {
        return None;
    }
    Some(Selected { pieces, rect: range.get_bounding_client_rect() })
}

/// Empties the selection.
pub fn clear() {
    if let Some(selection) = web_sys::window().and_then(|w| w.get_selection().ok().flatten()) {
        let _ = selection.remove_all_ranges();
    }
}

/// The text nodes under `node`, in document order.
pub fn text_nodes(node: &Node, out: &mut Vec<Node>) {
    if node.node_type() == Node::TEXT_NODE {
        out.push(node.clone());
        return;
    }
    let children = node.child_nodes();
    for i in 0..children.length() {
        if let Some(child) = children.item(i) {
            text_nodes(&child, out);
        }
    }
}

fn length(node: &Node) -> u32 {
    node.dyn_ref::<web_sys::CharacterData>().map_or(0, |text| text.length())
}

fn text_units(element: &Element) -> u32 {
    let mut nodes = Vec::new();
    text_nodes(element, &mut nodes);
    nodes.iter().map(length).sum()
}

/// The UTF-16 offset, in `element`'s text, of the DOM boundary point (`container`, `offset`).
fn units_before(element: &Element, container: &Node, offset: u32) -> u32 {
    let mut nodes = Vec::new();
    text_nodes(element, &mut nodes);
    if container.node_type() == Node::TEXT_NODE {
        let mut units = 0;
        for node in &nodes {
            if node == container {
                return units + offset;
            }
            units += length(node);
        }
        return units;
    }
    // A boundary between children: count the text of the children before it.
    let children = container.child_nodes();
    let mut before = Vec::new();
    for i in 0..offset.min(children.length()) {
        if let Some(child) = children.item(i) {
            text_nodes(&child, &mut before);
        }
    }
    let Some(last) = before.last() else {
        // At the start of `container`: everything of `element` before it.
        let mut units = 0;
        for node in &nodes {
            if container.contains(Some(node)) {
                break;
            }
            units += length(node);
        }
        return units;
    };
    let mut units = 0;
    for node in &nodes {
        units += length(node);
        if node == last {
            break;
        }
    }
    units
}
