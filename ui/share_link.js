// The "Copy link to this view" button (ui/share_link.py). The page's address holds every control's
// value, so the link is the address at the moment of the click: always the current view, and no
// rerun. Without a clipboard (the Clipboard API needs a secure page: https or localhost), the link
// is shown selected in a text field, for the student's own Ctrl+C.

const SHARE_STYLE_ID = "loss-lab-share-link-style";
const SHARE_STYLE = `
.ll-share { position: relative; display: flex; align-items: center; gap: 0.5rem; font-family: inherit; }
.ll-share-button { font: inherit; font-size: 0.95rem; padding: 0.3rem 0.75rem; white-space: nowrap;
  border: 1px solid #9AA0A6; border-radius: 0.5rem; background: #FFFFFF; color: #0E1117; cursor: pointer; }
.ll-share-button:hover { border-color: #0072B2; color: #0072B2; }
.ll-share-button:focus-visible, .ll-share-field:focus-visible { outline: 3px solid #0072B2; outline-offset: 2px; }
.ll-share-status { font-size: 0.9rem; white-space: nowrap; color: #0E1117; }
.ll-share-status:empty { display: none; }
.ll-share-field { position: absolute; top: calc(100% + 0.4rem); right: 0; z-index: 1;
  width: min(36rem, calc(100vw - 2rem)); font: inherit; font-size: 0.9rem; padding: 0.35rem 0.5rem;
  border: 1px solid #5F6368; border-radius: 0.4rem; background: #FFFFFF; color: #0E1117; }
.ll-share-field[hidden] { display: none; }
`;
// How long "Link copied" stays before the status empties (a screen reader has announced it).
const SHARE_STATUS_MS = 4000;

function shareElement(tag, attributes = {}, text) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

class ShareLink {
  constructor(root) {
    this.root = shareElement("div", { class: "ll-share" });
    this.button = shareElement("button", { type: "button", class: "ll-share-button" });
    this.status = shareElement("span", { class: "ll-share-status", role: "status" });
    this.field = shareElement("input", { type: "text", class: "ll-share-field", readonly: "", hidden: "" });
    this.root.append(this.button, this.status, this.field);
    root.replaceChildren(this.root);
    this.button.addEventListener("click", () => this.copy());
    this.field.addEventListener("blur", () => { this.field.hidden = true; });
    this.field.addEventListener("keydown", (event) => {
      if (event.key === "Escape") { this.field.hidden = true; this.button.focus(); }
    });
  }

  update(data) {
    this.data = data;
    this.button.textContent = `🔗 ${data.label}`;
    this.button.title = data.help;
    this.field.setAttribute("aria-label", data.field);
  }

  async copy() {
    const link = window.location.href;
    this.field.value = link;
    try {
      await navigator.clipboard.writeText(link); // throws where there is no clipboard
      this.field.hidden = true;
      this.say(this.data.copied);
    } catch {
      this.copyByHand();
    }
  }

  // The link in a visible field, selected: the old execCommand copy still works on many pages
  // the Clipboard API refuses; where it does not, the student presses Ctrl+C.
  copyByHand() {
    this.field.hidden = false;
    this.field.focus();
    this.field.select();
    let copied = false;
    try { copied = document.execCommand("copy"); } catch { copied = false; }
    this.say(copied ? this.data.copied : this.data.by_hand);
  }

  say(text) {
    clearTimeout(this.quiet);
    this.status.textContent = text;
    this.quiet = setTimeout(() => { this.status.textContent = ""; }, SHARE_STATUS_MS);
  }
}

export default function ({ data, parentElement }) {
  if (!document.getElementById(SHARE_STYLE_ID)) {
    const style = document.createElement("style");
    style.id = SHARE_STYLE_ID;
    style.textContent = SHARE_STYLE;
    document.head.appendChild(style);
  }
  if (!parentElement.__lossLabShare) parentElement.__lossLabShare = new ShareLink(parentElement);
  parentElement.__lossLabShare.update(data);
}
