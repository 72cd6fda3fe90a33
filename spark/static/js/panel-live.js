// The panel page follows the live session without reloading: every 5 seconds it asks
// live.json what is now pitching and where each pitch stands for this dragon, and updates
// the "Now pitching" region (aria-live="polite", so screen readers hear only that change)
// and the status tags in place. It never reloads the page and never touches a form field.
// It stops while the tab is hidden and backs off quietly when a request fails. A button lets
// people stop and restart the updates (WCAG 2.2.2 Pause, Stop, Hide: content that updates by
// itself beside other content). Without JavaScript, refreshing the page shows the same.

const INTERVAL = 5000;
const LONGEST = 60000;

const region = document.getElementById("now-pitching");

function paragraph(className) {
  const p = document.createElement("p");
  p.className = className;
  return p;
}

function showNow(now) {
  const key = now ? `${now.pitch_id}:${now.state}` : "none";
  if (region.dataset.nowKey === key) {
    return;
  }
  region.dataset.nowKey = key;
  const parts = [];
  if (now) {
    const title = paragraph("govuk-body-l govuk-!-margin-bottom-2");
    const text = `${now.position}. ${now.title}`;
    if (now.url) {
      const link = document.createElement("a");
      link.className = "govuk-link";
      link.href = now.url;
      link.textContent = text;
      title.append(link);
    } else {
      title.textContent = `${text} (you are recused)`;
    }
    const state = paragraph("govuk-body govuk-!-margin-bottom-0");
    state.textContent = now.label;
    parts.push(title, state);
  } else {
    const none = paragraph("govuk-body govuk-!-margin-bottom-0");
    none.textContent = "No pitch has started yet. The chair chooses the pitch now pitching.";
    parts.push(none);
  }
  region.replaceChildren(...parts);
}

function showPitches(pitches) {
  for (const pitch of pitches) {
    const state = document.querySelector(`[data-state-for="${pitch.pitch_id}"]`);
    if (state && state.textContent !== pitch.state_label) {
      state.textContent = pitch.state_label;
    }
    const tag = document.querySelector(`[data-status-for="${pitch.pitch_id}"]`);
    if (tag && tag.textContent !== pitch.label) {
      tag.textContent = pitch.label;
      tag.className = `govuk-tag ${pitch.tag}`;
    }
  }
}

function showProgress(text) {
  const progress = document.getElementById("panel-progress");
  if (progress && progress.textContent !== text) {
    progress.textContent = text;
  }
}

function start() {
  const url = region ? region.dataset.panelLive : null;
  if (!url || !region) {
    return;
  }
  let delay = INTERVAL;
  let timer = null;
  let busy = false;
  let paused = false;

  function schedule() {
    clearTimeout(timer);
    timer = document.hidden || paused ? null : setTimeout(poll, delay);
  }

  async function poll() {
    if (busy) {
      return;
    }
    busy = true;
    try {
      const response = await fetch(url, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
        cache: "no-store",
      });
      if (!response.ok) {
        throw new Error(`live.json answered ${response.status}`);
      }
      const data = await response.json();
      showNow(data.now);
      showPitches(data.pitches || []);
      showProgress(data.progress);
      delay = INTERVAL;
    } catch {
      // Quietly wait longer each time (the page still works; a refresh shows the changes).
      delay = Math.min(delay * 2, LONGEST);
    } finally {
      busy = false;
      schedule();
    }
  }

  document.addEventListener("visibilitychange", () => {
    if (document.hidden) {
      clearTimeout(timer);
      timer = null;
    } else if (!paused) {
      delay = INTERVAL;
      poll();
    }
  });
  addPauseButton((nowPaused) => {
    paused = nowPaused;
    if (paused) {
      clearTimeout(timer);
      timer = null;
    } else {
      delay = INTERVAL;
      poll();
    }
  });
  schedule();
}

// "Stop updating automatically" / "Start updating automatically", after the refresh hint.
function addPauseButton(onChange) {
  const hint = document.getElementById("live-hint");
  if (!hint) {
    return;
  }
  const refresh = [...hint.childNodes]; // "Refresh the page to see what the chair has changed."
  const running = "This part of the page updates by itself every 5 seconds.";
  hint.textContent = running;
  const button = document.createElement("button");
  button.type = "button";
  button.className = "govuk-button govuk-button--secondary";
  button.dataset.module = "govuk-button";
  let paused = false;
  const label = () => {
    button.textContent = paused ? "Start updating automatically" : "Stop updating automatically";
  };
  label();
  button.addEventListener("click", () => {
    paused = !paused;
    label();
    if (paused) {
      hint.replaceChildren(...refresh);
    } else {
      hint.textContent = running;
    }
    onChange(paused);
  });
  hint.after(button);
}

start();
