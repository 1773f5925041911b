// The student's progress through the course, kept in this browser only (ui/course_progress.py).
//
// One localStorage key holds {version, visited: [slug, ...], quiz: {section: {right, checked,
// total}}}. The "progress" view, at the end of every page, records the page as visited, keeps
// the quiz figures Python sends (the best known of each section, so a reload, which starts a
// session with none checked, keeps the last score), draws "7 of 20 lessons visited", the score and a "Forget my progress" button, and
// ticks the visited lessons in the sidebar's navigation. The "continue" view, on the home page,
// draws a link to the first lesson not visited yet. Both draw from localStorage itself: nothing
// waits for a rerun. Where localStorage is refused (a private window), they say so and the
// course works as before.

const PROGRESS_STYLE_ID = "loss-lab-course-progress-style";
const PROGRESS_EVENT = "loss-lab-progress-change";
const PROGRESS_STYLE = `
.lp-progress { display: flex; flex-direction: column; gap: 0.35rem; padding: 0.75rem 1rem;
  border: 1px solid rgba(49, 51, 63, 0.2); border-radius: 0.5rem; font-family: inherit; color: inherit; }
.lp-progress p { margin: 0; }
.lp-heading { font-weight: 600; }
.lp-bar { height: 0.5rem; border-radius: 0.25rem; background: #D5DAE0; overflow: hidden; }
.lp-bar > div { height: 100%; background: #0072B2; }
.lp-sections { margin: 0; padding-left: 1.25rem; }
.lp-note, .lp-status { font-size: 0.875rem; color: color-mix(in srgb, currentColor 70%, transparent); }
.lp-progress button { align-self: flex-start; font: inherit; font-size: 0.95rem; padding: 0.3rem 0.8rem;
  border: 1px solid #6B7280; border-radius: 0.5rem; background: #FFFFFF; color: inherit; cursor: pointer; }
.lp-progress button:hover { border-color: #0072B2; color: #0072B2; }
.lp-progress button:focus-visible, .lp-continue a:focus-visible { outline: 3px solid #0072B2; outline-offset: 2px; }
.lp-continue a { font-weight: 600; color: #0072B2; }
[data-testid="stSidebarNav"] a[data-ll-visited]::after { content: "✓"; content: "✓" / attr(data-ll-visited);
  margin-left: auto; padding-left: 0.5rem; color: #0B7A32; font-weight: 700; }
`;

// --- localStorage, read and written in one place -------------------------------------------

function progressStore(spec) {
  let storage = null;
  try {
    // A write too: some browsers read but refuse to write in a private window.
    storage = window.localStorage;
    const kept = storage.getItem(spec.storageKey);
    if (kept === null) {
      storage.setItem(spec.storageKey, "{}");
      storage.removeItem(spec.storageKey);
    } else {
      storage.setItem(spec.storageKey, kept);
    }
  } catch (error) {
    storage = null; // refused (a private window, storage switched off): nothing is remembered
  }
  const empty = () => ({ version: spec.version, visited: [], quiz: {} });
  const count = (value) => (Number.isInteger(value) && value >= 0 ? value : null);
  return {
    available: storage !== null,
    read() {
      if (!storage) return empty();
      try {
        const kept = JSON.parse(storage.getItem(spec.storageKey));
        if (!kept || kept.version !== spec.version) return empty();
        const visited = Array.isArray(kept.visited) ? kept.visited.filter((slug) => typeof slug === "string") : [];
        const quiz = {};
        for (const [section, figures] of Object.entries(kept.quiz && typeof kept.quiz === "object" ? kept.quiz : {})) {
          const [right, checked, total] = [count(figures?.right), count(figures?.checked), count(figures?.total)];
          if (right !== null && checked !== null && total !== null && right <= checked) {
            quiz[section] = { right, checked, total };
          }
        }
        return { version: spec.version, visited, quiz };
      } catch (error) {
        return empty(); // not ours, or damaged: start again
      }
    },
    write(progress) {
      if (!storage) return false;
      try {
        storage.setItem(spec.storageKey, JSON.stringify(progress));
        return true;
      } catch (error) {
        return false; // full, or refused since
      } finally {
        window.dispatchEvent(new CustomEvent(PROGRESS_EVENT));
      }
    },
    forget() {
      if (!storage) return;
      try {
        storage.removeItem(spec.storageKey);
      } catch (error) {
        // refused: there was nothing we could have kept
      }
      window.dispatchEvent(new CustomEvent(PROGRESS_EVENT));
    },
  };
}

// The best known figures of a section: the most right answers, then the most questions checked
// (the furthest through it). A session after a reload starts from none and replaces the kept
// score only once it has done as well: the score shown never drops below what the student did.
function better(figures, kept) {
  return figures.right > kept.right || (figures.right === kept.right && figures.checked >= kept.checked);
}

// The page's visit and the session's quiz figures, merged into what the browser keeps.
function remember(spec, store, state) {
  if (!store.available) return;
  const progress = store.read();
  let changed = false;
  if (spec.view === "progress" && state.recorded !== spec.current) {
    state.recorded = spec.current;
    if (!progress.visited.includes(spec.current)) {
      progress.visited.push(spec.current);
      changed = true;
    }
  }
  // Only figures that changed since this page last saw them are kept: after "Forget my
  // progress", the session's old answers do not come back by themselves.
  const seen = (window.__lossLabQuizSeen ||= {});
  for (const [section, [right, checked, total]] of Object.entries(spec.quiz)) {
    const key = `${right}/${checked}/${total}`;
    if (seen[section] === key) continue;
    seen[section] = key;
    const kept = progress.quiz[section];
    if (checked > 0 && (!kept || better({ right, checked }, kept))) {
      progress.quiz[section] = { right, checked, total };
      changed = true;
    } else if (kept && kept.total !== total) {
      kept.total = total; // the question file changed: the count of questions follows it
      changed = true;
    }
  }
  if (changed) store.write(progress);
}

// --- drawing ---------------------------------------------------------------------------------

function fillText(template, values) {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
}

function element(tag, attributes = {}, text) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

// The lesson's slug from a link's address: its last path segment ("" for the base URL).
function slugAt(href, lessons) {
  const segments = new URL(href, document.baseURI).pathname.split("/");
  const address = decodeURIComponent(segments[segments.length - 1]);
  return lessons.find((lesson) => lesson.address === address)?.slug;
}

function addressOf(lesson) {
  return new URL(lesson.address || ".", document.baseURI).href;
}

// The sidebar's navigation: a tick after each visited lesson (its accessible name says
// "visited"), redrawn whenever Streamlit redraws the sidebar.
function tickTheNavigation(spec, visited) {
  for (const link of document.querySelectorAll('[data-testid="stSidebarNav"] a[href]')) {
    const slug = slugAt(link.href, spec.lessons);
    const mark = slug !== undefined && visited.has(slug) ? spec.text.Visited : null;
    if (link.getAttribute("data-ll-visited") === mark) continue;
    if (mark === null) link.removeAttribute("data-ll-visited");
    else link.setAttribute("data-ll-visited", mark);
  }
}

function watchTheNavigation() {
  if (window.__lossLabNavWatcher) return;
  let pending = false;
  window.__lossLabNavWatcher = new MutationObserver(() => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      const latest = window.__lossLabTicks;
      if (latest) tickTheNavigation(latest.spec, latest.visited);
    });
  });
  const sidebar = document.querySelector('[data-testid="stSidebar"]') || document.body;
  window.__lossLabNavWatcher.observe(sidebar, { childList: true, subtree: true });
}

class ProgressView {
  constructor(root) {
    this.root = root;
    this.state = { recorded: null };
    this.box = element("div", { class: "lp-progress", role: "region" });
    this.heading = element("p", { class: "lp-heading" });
    this.visited = element("p", { class: "lp-visited" });
    this.bar = element("div", { class: "lp-bar", "aria-hidden": "true" });
    this.barFill = element("div");
    this.bar.append(this.barFill);
    this.quiz = element("p", { class: "lp-quiz" });
    this.sections = element("ul", { class: "lp-sections" });
    this.note = element("p", { class: "lp-note" });
    this.forget = element("button", { type: "button", class: "lp-forget" });
    this.status = element("p", { class: "lp-status", role: "status" });
    this.forget.addEventListener("click", () => {
      this.store.forget();
      this.status.textContent = this.spec.text.Forgotten;
    });
    this.box.append(this.heading, this.visited, this.bar, this.quiz, this.sections, this.note, this.forget,
      this.status);
    root.textContent = "";
    root.append(this.box);
  }

  update(spec, store) {
    if (this.spec && this.spec.current !== spec.current) this.status.textContent = "";
    this.spec = spec;
    this.store = store;
    remember(spec, store, this.state);
    this.draw();
  }

  draw() {
    const { spec, store } = this;
    const text = spec.text;
    const progress = store.read();
    const slugs = new Set(spec.lessons.map((lesson) => lesson.slug));
    const visited = new Set(progress.visited.filter((slug) => slugs.has(slug)));
    this.heading.textContent = text["Progress heading"];
    this.box.setAttribute("aria-label", text["Progress heading"]);
    this.forget.textContent = text["Forget my progress"];
    const remembered = store.available;
    for (const node of [this.visited, this.bar, this.quiz, this.forget]) node.hidden = !remembered;
    this.note.textContent = remembered ? text["Kept in this browser"] : text["Not remembered"];
    window.__lossLabTicks = { spec, visited };
    tickTheNavigation(spec, visited);
    watchTheNavigation();
    if (!remembered) {
      this.sections.hidden = true;
      return;
    }
    this.visited.textContent = fillText(text["Lessons visited"], { visited: visited.size, total: slugs.size });
    this.barFill.style.width = `${(100 * visited.size) / slugs.size}%`;
    this.drawQuiz(progress.quiz);
  }

  drawQuiz(kept) {
    const text = this.spec.text;
    const sections = [...new Set([...Object.keys(this.spec.quiz), ...Object.keys(kept)])];
    const totalOf = (section) => this.spec.quiz[section]?.[2] ?? kept[section]?.total ?? 0;
    const questions = sections.reduce((sum, section) => sum + totalOf(section), 0);
    const scored = sections.filter((section) => kept[section]?.checked > 0);
    this.sections.textContent = "";
    this.sections.hidden = scored.length === 0;
    if (!scored.length) {
      this.quiz.textContent = fillText(text["No quiz score"], { total: questions });
      return;
    }
    const sum = (name) => scored.reduce((total, section) => total + kept[section][name], 0);
    this.quiz.textContent = fillText(text["Quiz score"], { right: sum("right"), checked: sum("checked"),
      total: questions });
    for (const section of scored) {
      this.sections.append(element("li", {}, fillText(text["Quiz section score"], {
        section, right: kept[section].right, checked: kept[section].checked, total: totalOf(section) })));
    }
  }
}

class ContinueView {
  constructor(root) {
    this.root = root;
    this.box = element("div", { class: "lp-continue" });
    root.textContent = "";
    root.append(this.box);
  }

  update(spec, store) {
    this.spec = spec;
    this.store = store;
    this.draw();
  }

  draw() {
    const { spec, store } = this;
    this.box.textContent = "";
    if (!store.available) return;
    const visited = new Set(store.read().visited);
    const elsewhere = spec.lessons.some((lesson) => lesson.slug !== spec.current && visited.has(lesson.slug));
    if (!elsewhere) return; // a first visit: the page itself says where to start
    const next = spec.lessons.find((lesson) => lesson.slug !== spec.current && !visited.has(lesson.slug));
    if (!next) {
      this.box.append(element("p", {}, fillText(spec.text["Every lesson visited"], { total: spec.lessons.length })));
      return;
    }
    const link = element("a", { href: addressOf(next), target: "_self" },
      fillText(spec.text.Continue, { title: next.title }));
    // The sidebar's own link moves on without reloading the page (the session's answers stay);
    // the plain address is there for a new tab, or when the sidebar is not on the page.
    link.addEventListener("click", (event) => {
      if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      const target = new URL(link.href).pathname;
      const inSidebar = [...document.querySelectorAll('[data-testid="stSidebarNav"] a[href]')]
        .find((candidate) => new URL(candidate.href).pathname === target);
      if (!inSidebar) return;
      event.preventDefault();
      inSidebar.click();
    });
    const line = element("p");
    line.append(link);
    this.box.append(line);
  }
}

const VIEWS = { progress: ProgressView, continue: ContinueView };

export default function ({ data, parentElement }) {
  if (!document.getElementById(PROGRESS_STYLE_ID)) {
    const style = element("style", { id: PROGRESS_STYLE_ID }, PROGRESS_STYLE);
    document.head.appendChild(style);
  }
  const spec = JSON.parse(data.progress);
  const View = VIEWS[spec.view];
  if (!(parentElement.__lossLabProgress instanceof View)) {
    const view = new View(parentElement);
    // Another view (or another tab) changed what is kept: draw it again, until this view leaves
    // the page. No cleanup function: the view stays with its element from one run to the next.
    const redraw = (event) => {
      if (!parentElement.isConnected || parentElement.__lossLabProgress !== view) {
        window.removeEventListener(PROGRESS_EVENT, redraw);
        window.removeEventListener("storage", redraw);
        return;
      }
      if (event.type === "storage" && event.key !== spec.storageKey) return;
      view.draw();
    };
    window.addEventListener(PROGRESS_EVENT, redraw);
    window.addEventListener("storage", redraw);
    parentElement.__lossLabProgress = view;
  }
  parentElement.__lossLabProgress.update(spec, progressStore(spec));
}
