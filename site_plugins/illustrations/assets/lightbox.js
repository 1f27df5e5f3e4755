// The illustrations' lightbox: a click on a figure's zoom link (site_plugins/illustrations
// /html.py) opens its 2x image in a modal <dialog>, with the figure's numbered legend.
// It replaces mkdocs-glightbox, which injects a <style> element and style attributes
// (refused by the site's style-src without 'unsafe-inline') and builds its markup from
// HTML strings (refused under Trusted Types). Here every node is made with DOM methods,
// every look comes from illustrations.css through classes, and nothing is fetched but
// the image the link already points at.
//
// - One listener on the document, so pages swapped in by Material's instant navigation
//   need no set-up; a modified click (new tab, download) is left to the browser.
// - The image opens fitted to the window; a click on it (it is a toggle button) shows it
//   at its full size, scrollable, and back.
// - Escape, the Close button or a click beside the image closes it; the dialog is then
//   removed and the focus returns to the link (the <dialog> element does both natively).

const LINK = "a.guide-figure__zoom[data-lightbox]";

function make(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text) node.textContent = text;
  return node;
}

function open(link) {
  const dialog = make("dialog", "guide-lightbox");
  const title = link.dataset.title || "";
  const titleId = `guide-lightbox-title-${Date.now()}`;
  dialog.setAttribute("aria-labelledby", titleId);

  const close = make("button", "guide-lightbox__close md-button", "Close");
  close.type = "button";
  close.addEventListener("click", () => dialog.close());

  // The image sits in a toggle button: its name is the image's alt text.
  const frame = make("div", "guide-lightbox__frame");
  const zoom = make("button", "guide-lightbox__zoom");
  zoom.type = "button";
  zoom.setAttribute("aria-pressed", "false");
  zoom.title = "Full size";
  const image = make("img", "guide-lightbox__image");
  const thumbnail = link.querySelector("img");
  image.alt = thumbnail ? thumbnail.alt : title;
  image.src = link.href;
  zoom.append(image);
  zoom.addEventListener("click", () => {
    const zoomed = dialog.classList.toggle("guide-lightbox--zoomed");
    zoom.setAttribute("aria-pressed", String(zoomed));
  });
  frame.append(zoom);

  const text = make("div", "guide-lightbox__text");
  const heading = make("p", "guide-lightbox__title", title);
  heading.id = titleId;
  text.append(heading);
  const legend = link.dataset.description && document.querySelector(link.dataset.description);
  if (legend) text.append(legend.cloneNode(true));

  dialog.append(close, frame, text);
  // A click on the dialog itself (its backdrop or the space around the image) closes it.
  dialog.addEventListener("click", (event) => {
    if (event.target === dialog || event.target === frame) dialog.close();
  });
  dialog.addEventListener("close", () => {
    document.documentElement.classList.remove("guide-lightbox-open");
    dialog.remove();
  });
  document.body.append(dialog);
  document.documentElement.classList.add("guide-lightbox-open");
  dialog.showModal();
  close.focus();
}

document.addEventListener("click", (event) => {
  if (event.defaultPrevented || event.button !== 0) return;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const link = event.target instanceof Element && event.target.closest(LINK);
  if (!link || typeof HTMLDialogElement !== "function") return;
  event.preventDefault();
  open(link);
});
