"""The Copy link button: copies the page's shareable URL, the one the address bar shows.

Streamlit has no clipboard API, so this is a small Custom Components v2 component that lives in the
browser only (it never sends a value back, so a click causes no rerun). On click it writes
``window.location.href`` (which holds every bound widget's value) with
``navigator.clipboard.writeText``. When the browser refuses (no permission, not a secure context),
it shows the URL in a text field, selects it and tries ``document.execCommand("copy")``; if that
fails too, the selected field asks to press Ctrl+C. Feedback ("Copied") shows for a few seconds.
"""

from __future__ import annotations

import streamlit as st

from activations.core.classroom import COPY_LINK
from ui.language import tr

_HTML = """
<div class="copy-link">
  <button type="button" class="copy-link-button">
    <svg class="icon" viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" fill="currentColor">
      <path d="M3.9 12c0-1.71 1.39-3.1 3.1-3.1h4V7H7c-2.76 0-5 2.24-5 5s2.24 5 5 5h4v-1.9H7c-1.71
        0-3.1-1.39-3.1-3.1zM8 13h8v-2H8v2zm9-6h-4v1.9h4c1.71 0 3.1 1.39 3.1 3.1s-1.39 3.1-3.1
        3.1h-4V17h4c2.76 0 5-2.24 5-5s-2.24-5-5-5z"/>
    </svg>
    <span class="label"></span>
  </button>
  <span class="copy-link-status" role="status" aria-live="polite"></span>
  <input class="copy-link-field" type="text" readonly hidden aria-label="URL">
</div>
"""

_CSS = """
.copy-link { display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem; font-family: var(--st-font); }
.copy-link-button {
  display: inline-flex; align-items: center; gap: 0.4rem; cursor: pointer;
  padding: 0.25rem 0.75rem; min-height: 2.5rem; font: inherit; font-size: var(--st-base-font-size, 1rem);
  color: var(--st-text-color); background: var(--st-background-color);
  border: 1px solid var(--st-border-color, rgba(49, 51, 63, 0.2));
  border-radius: var(--st-button-radius, 0.5rem);
}
.copy-link-button:hover { border-color: var(--st-primary-color); color: var(--st-primary-color); }
.copy-link-button:focus-visible { outline: 2px solid var(--st-primary-color); outline-offset: 2px; }
.copy-link-status { font-size: 0.875rem; color: var(--st-green-color, green); }
.copy-link-status.manual { color: var(--st-text-color); }
.copy-link-field {
  width: 100%; font: inherit; font-size: 0.8rem; padding: 0.25rem; color: var(--st-text-color);
  background: var(--st-secondary-background-color);
  border: 1px solid var(--st-border-color); border-radius: 0.25rem;
}
"""

_JS = """
const timers = new Map();

function fallbackCopy(field, url) {
  field.value = url;
  field.hidden = false;
  field.focus();
  field.select();
  try {
    return document.execCommand("copy");
  } catch (error) {
    return false;
  }
}

export default function ({ data, parentElement, key }) {
  const button = parentElement.querySelector(".copy-link-button");
  const label = parentElement.querySelector(".label");
  const status = parentElement.querySelector(".copy-link-status");
  const field = parentElement.querySelector(".copy-link-field");
  label.textContent = data.label;
  button.title = data.help;
  button.onclick = async () => {
    const url = window.location.href;
    let copied = false;
    let manual = false;
    try {
      if (!navigator.clipboard || !window.isSecureContext) throw new Error("no clipboard API");
      await navigator.clipboard.writeText(url);
      copied = true;
      field.hidden = true;
    } catch (error) {
      copied = fallbackCopy(field, url);
      manual = !copied;
    }
    status.textContent = copied ? data.copied : data.manual;
    status.classList.toggle("manual", manual);
    button.dataset.copied = String(copied);
    clearTimeout(timers.get(key));
    if (copied) {
      timers.set(key, setTimeout(() => { status.textContent = ""; field.hidden = true; }, 4000));
    }
  };
}
"""

_component = st.components.v2.component("activations_copy_link", html=_HTML, css=_CSS, js=_JS)


def copy_link_button() -> None:
    """The Copy link button, where the caller's ``with`` block puts it (the frame: the sidebar)."""
    _component(
        key=COPY_LINK,
        data={
            "label": tr("share.copy"),
            "help": tr("share.copy_help"),
            "copied": tr("share.copied"),
            "manual": tr("share.manual"),
        },
    )
