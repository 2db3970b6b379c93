// runbookd console: keeps pages live and fills the runbook catalogue. Pages work without it.
// Text from the server is only ever set with textContent or moved as parsed, escaped markup.
'use strict';

(function () {
  const POLL_MS = 2000;
  const REFRESH_MS = 30000;

  function liveRegions(doc) {
    return Array.from(doc.querySelectorAll('[data-live][id]'));
  }

  // Swaps each live region for the same region of a freshly rendered copy of this page, unless
  // the person is typing or has focus inside it.
  async function refresh() {
    const answer = await fetch(window.location.href, { cache: 'no-store', credentials: 'same-origin' });
    if (!answer.ok || answer.redirected) {
      return;
    }
    const fresh = new DOMParser().parseFromString(await answer.text(), 'text/html');
    for (const region of liveRegions(document)) {
      const next = fresh.getElementById(region.id);
      if (!next || next.outerHTML === region.outerHTML || region.contains(document.activeElement)) {
        continue;
      }
      region.replaceWith(document.importNode(next, true));
    }
  }

  function keepLive() {
    if (liveRegions(document).length === 0) {
      return;
    }
    let stamp = null;
    let refreshed = Date.now();
    const tick = async () => {
      if (document.hidden) {
        return;
      }
      try {
        const answer = await fetch('/console/changes', { cache: 'no-store', credentials: 'same-origin' });
        if (answer.status === 401) {
          window.clearInterval(timer);
          return;
        }
        if (!answer.ok) {
          return;
        }
        const now = (await answer.json()).stamp;
        if ((stamp !== null && now !== stamp) || Date.now() - refreshed > REFRESH_MS) {
          refreshed = Date.now();
          await refresh();
        }
        stamp = now;
      } catch (e) {
        // The daemon is restarting or the network dropped: try again at the next tick.
      }
    };
    const timer = window.setInterval(tick, POLL_MS);
    tick();
  }

  function text(value) {
    return value === null || value === undefined ? '—' : String(value);
  }

  function fill(cell, parts) {
    cell.replaceChildren();
    parts.forEach(function (part, i) {
      if (i > 0) {
        cell.appendChild(document.createElement('br'));
      }
      if (part.href) {
        const a = document.createElement('a');
        a.href = part.href;
        a.textContent = part.text;
        cell.appendChild(a);
      } else {
        cell.appendChild(document.createTextNode(part.text));
      }
    });
  }

  function showRunbook(row, runbook) {
    const triggers = row.querySelector('.triggers ul');
    if (triggers && Array.isArray(runbook.triggers) && runbook.triggers.length > 0) {
      triggers.replaceChildren(...runbook.triggers.map(function (t) {
        const li = document.createElement('li');
        li.textContent = text(t.kind) + ': ' + text(t.description);
        return li;
      }));
    }
    const run = runbook.lastRun;
    fill(row.querySelector('.last-run'), run ? [
      { text: text(run.status) + ' · ' + text(run.at) },
      { text: text(run.incident), href: '/console/incidents/' + encodeURIComponent(text(run.incident)) }
    ] : [{ text: 'never run' }]);
    const drill = runbook.drill || {};
    fill(row.querySelector('.drill'), [
      { text: text(drill.status) },
      { text: 'last tested ' + text(drill.lastTested) },
      { text: 'next test ' + text(drill.nextTest) }
    ]);
  }

  async function catalogue() {
    const table = document.querySelector('table[data-catalogue]');
    if (!table) {
      return;
    }
    const answer = await fetch(table.dataset.catalogue, { cache: 'no-store', credentials: 'same-origin' });
    if (!answer.ok) {
      return;
    }
    const runbooks = await answer.json();
    if (!Array.isArray(runbooks)) {
      return;
    }
    for (const runbook of runbooks) {
      const row = Array.from(table.querySelectorAll('tr[data-runbook]'))
        .find(function (r) { return r.dataset.runbook === String(runbook.id); });
      if (row) {
        showRunbook(row, runbook);
      }
    }
  }

  document.addEventListener('DOMContentLoaded', function () {
    keepLive();
    catalogue().catch(function () { /* the table keeps what the server rendered */ });
  });
})();
