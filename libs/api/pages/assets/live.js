/* global document, EventSource, fetch, setTimeout */
// The live pages' one script. The body names an /events stream; each element with a
// data-fragment URL is re-fetched, as server-rendered HTML, after the events its
// data-refresh-on lists, at most once per MIN_INTERVAL_MS, so a burst of epochs costs one
// render. The server renders every number, so the page shows what the report shows.
'use strict';

const MIN_INTERVAL_MS = 1000;
const state = document.getElementById('live-state');

function showState(name, text) {
  if (!state) return;
  state.dataset.state = name;
  state.textContent = text;
}

function liveRegion(element) {
  const region = {
    element,
    url: element.dataset.fragment,
    events: (element.dataset.refreshOn || '').split(' '),
    timer: null,
    inFlight: false,
    stale: false,
    lastFetch: 0,
  };

  async function run() {
    region.timer = null;
    region.stale = false;
    region.inFlight = true;
    try {
      const response = await fetch(region.url, { credentials: 'same-origin' });
      if (response.ok) {
        region.element.innerHTML = await response.text();
        region.element.dataset.refreshedAt = String(Date.now());
      } else if (response.status === 401) {
        showState('signed-out', 'signed out: reload to sign in again');
      }
    } catch {
      // The next event, or the stream's end, asks again.
    } finally {
      region.inFlight = false;
      region.lastFetch = Date.now();
      if (region.stale) schedule();
    }
  }

  // An event during a fetch marks the region stale: the answer may predate it.
  function schedule() {
    region.stale = true;
    if (region.timer !== null || region.inFlight) return;
    const wait = Math.max(0, region.lastFetch + MIN_INTERVAL_MS - Date.now());
    region.timer = setTimeout(run, wait);
  }

  region.schedule = schedule;
  return region;
}

function follow(url) {
  const regions = Array.from(document.querySelectorAll('[data-fragment]'), liveRegion);
  const source = new EventSource(url);
  const refresh = (type) => {
    for (const region of regions) {
      if (type === null || region.events.includes(type)) region.schedule();
    }
  };
  source.addEventListener('open', () => showState('live', 'live'));
  source.addEventListener('error', () => showState('reconnecting', 'reconnecting…'));
  for (const type of ['progress', 'epoch', 'status', 'report']) {
    source.addEventListener(type, () => refresh(type));
  }
  // Events between the page's render and the stream's start, or missed while reconnecting
  // (a fresh snapshot instead of a replay), changed nothing on the page: ask for all of it.
  source.addEventListener('snapshot', () => refresh(null));
  // The server closes the stream after `end`; without close() EventSource would reconnect.
  source.addEventListener('end', () => {
    source.close();
    showState('finished', 'finished');
    refresh(null);
  });
}

if (document.body.dataset.events) follow(document.body.dataset.events);
