// The dashboard's only way to the platform: the public REST API under /api/v1 and its server-sent events.
const KEY_ITEM = 'diffusion.apiKey';
const BASE = '/api/v1';

export function apiKey() {
  return sessionStorage.getItem(KEY_ITEM);
}

export function setApiKey(key) {
  if (key) {
    sessionStorage.setItem(KEY_ITEM, key.trim());
  } else {
    sessionStorage.removeItem(KEY_ITEM);
  }
}

/** A non-2xx answer; `problem` is the RFC 7807 document when there was one. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem || {};
  }

  /** [{field, message}] of a 400 or 422. */
  get fieldErrors() {
    return Array.isArray(this.problem.errors) ? this.problem.errors : [];
  }
}

function headers(extra) {
  const h = { Accept: 'application/json', ...extra };
  const key = apiKey();
  if (key) {
    h.Authorization = `Bearer ${key}`;
  }
  return h;
}

async function failure(response) {
  let problem = null;
  try {
    problem = await response.json();
  } catch {
    // not a problem document (413, 414, a proxy's page): the status says enough
  }
  if (response.status === 401) {
    window.dispatchEvent(new CustomEvent('diffusion:unauthorized', { detail: problem?.detail }));
  }
  return new ApiError(response.status, problem);
}

export async function get(path) {
  const response = await fetch(BASE + path, { headers: headers() });
  if (!response.ok) {
    throw await failure(response);
  }
  return response.json();
}

export async function post(path, body) {
  const response = await fetch(BASE + path, {
    method: 'POST',
    headers: headers(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) {
    throw await failure(response);
  }
  return response.json();
}

/**
 * Follows GET /jobs/{id}/events. EventSource cannot send the Authorization header, so the stream is read with
 * fetch() and parsed here: the same server-sent events, no polling. `onEvent(name, update)` gets every event;
 * `onEnd(reason)` once, when the stream ended ('finished' after a final status, 'aborted', or an error message).
 * A stream that broke before the final status is opened again after 2 s, as EventSource would.
 * Returns a function that stops it.
 */
export function watchJob(jobId, onEvent, onEnd = () => {}) {
  const controller = new AbortController();
  let ended = false;
  const end = (reason) => {
    if (!ended) {
      ended = true;
      onEnd(reason);
    }
  };
  const open = async () => {
    let finished = false;
    try {
      const response = await fetch(`${BASE}/jobs/${jobId}/events`, {
        headers: headers({ Accept: 'text/event-stream' }),
        signal: controller.signal,
      });
      if (!response.ok) {
        end((await failure(response)).message);
        return;
      }
      finished = await readEvents(response.body, (name, data) => {
        const update = JSON.parse(data);
        onEvent(name, update);
        return isFinal(update.status);
      });
    } catch (e) {
      if (controller.signal.aborted) {
        end('aborted');
        return;
      }
    }
    if (finished) {
      end('finished');
    } else if (!controller.signal.aborted) {
      setTimeout(() => controller.signal.aborted || open(), 2000);
    }
  };
  open();
  return () => {
    controller.abort();
    end('aborted');
  };
}

export function isFinal(status) {
  return status === 'SUCCEEDED' || status === 'FAILED' || status === 'CANCELLED';
}

/** Reads text/event-stream blocks; `dispatch(name, data)` returns true once the final event came. */
async function readEvents(body, dispatch) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let final = false;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) {
      return final;
    }
    buffer += value.replace(/\r\n?/g, '\n');
    let cut;
    while ((cut = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      let name = 'message';
      const data = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) {
          name = line.slice(6).trim();
        } else if (line.startsWith('data:')) {
          data.push(line.slice(5).replace(/^ /, ''));
        }
      }
      if (data.length > 0) {
        final = dispatch(name, data.join('\n')) || final;
      }
    }
  }
}
