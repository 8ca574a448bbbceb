/* roledocs: the site's search worker, at the URL of Material's (installed by roledocs.site.search_index).
 *
 * `roledocs search` in the browser. It speaks Material's worker protocol (SETUP → READY,
 * QUERY → RESULT with items grouped by page), so the search dialog, its keyboard handling,
 * `?q=` deep links and `?h=` highlighting work as before; what it searches is the CLI's index,
 * cut into small files under search/roledocs/ that are fetched when a query needs them:
 *
 *   analysis  QueryAnalyzer (roledocs/search/lexicon.py): NFKC, lower case, Traditional →
 *             Simplified, jieba's cut over the stored dictionary (segment.py: DAG, route, HMM),
 *             stop words, synonyms, parts of long words, pinyin of the words
 *   ranking   Searcher.search (roledocs/search/query.py): BM25 over roles_fts with the column
 *             weights, + names_fts (title, aliases, pinyin), + ½ × related terms; common words
 *             ranked by title only; each posting is already its BM25 contribution
 *   display   the units that matched (Searcher._matches), as sections under the role page
 *
 * Then the other pages (KPI library, glossary, departments …) after the roles.
 * A change here must keep tests/site/test_site_search_parity.py (same tokens and ranking as the CLI).
 */
"use strict";

const BASE = new URL("../../../search/roledocs/", self.location.href);
const SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
const LIMIT = 20, PAGE_LIMIT = 10;
const MAX_QUERY_CHARS = 200, MAX_QUERY_TERMS = 64;
const RELATED_WEIGHT = 0.5, TITLE_WEIGHT = 1.0;
const UNITS_PER_HIT = 3, SNIPPET_CHARS = 80;
const FIELD_ORDER = {title: 0, duty: 1, kpi: 2, function: 3, department: 4, summary: 5};
const K1 = 1.2, B = 0.75;
const MIN_FLOAT = -3.14e100;

let meta = null;
let phrases = new Map(), phraseFirsts = new Map(), longestPhrase = 1;
let synonyms = new Map(), synonymKeys = new Map(), stopwords = new Set();
const files = new Map();

function load(path) {
  let promise = files.get(path);
  if (!promise) {
    promise = fetch(new URL(path, BASE)).then(r => (r.ok ? r.json() : {})).catch(() => ({}));
    files.set(path, promise);
  }
  return promise;
}

function hash(value) {  // search_index.term_hash
  let h = 0;
  for (const ch of value) h = (Math.imul(h, 31) + ch.codePointAt(0)) >>> 0;
  return h;
}

async function setup() {
  meta = await load("meta.json");
  const a = meta.analyzer || {};
  phrases = new Map(Object.entries(a.t2s_phrases || {}));
  for (const p of phrases.keys()) {
    const first = Array.from(p)[0];
    if (!phraseFirsts.has(first)) phraseFirsts.set(first, []);
    phraseFirsts.get(first).push(p);
    longestPhrase = Math.max(longestPhrase, Array.from(p).length);
  }
  for (const [key, group] of a.synonyms || []) {
    for (const word of group) {
      if (!synonyms.has(word)) { synonyms.set(word, new Set()); synonymKeys.set(word, []); }
      group.forEach(w => synonyms.get(word).add(w));
      synonymKeys.get(word).push(key);
    }
  }
  stopwords = new Set(a.stopwords || []);
}

// ── the files a query needs, each fetched once: by the hash of a character or of a term ──
async function loadShards(folder, count, loaded, keys, merge) {
  const wanted = new Set();
  for (const key of keys) {
    const n = hash(key) % count;
    if (!loaded.has(n)) wanted.add(n);
  }
  await Promise.all([...wanted].map(async n => {
    const shard = await load(`${folder}/${n}.json`);
    if (loaded.has(n)) return;
    loaded.add(n);
    merge(shard);
  }));
}

// per character: dictionary words, HMM, Simplified form, pinyin, parts
const chars = {w: new Map(), h: new Map(), s: new Map(), y: new Map(), x: new Map()};
const charShards = new Set();
const loadChars = value => loadShards("c", meta.char_shards, charShards, value, shard => {
  for (const kind of Object.keys(chars))
    for (const [key, entry] of Object.entries(shard[kind] || {})) chars[kind].set(key, entry);
});

// per term: its BM25 contributions
const terms = new Map();
const termShards = new Set();
const loadTerms = words => loadShards("t", meta.term_shards, termShards, words, shard => {
  for (const [key, entry] of Object.entries(shard)) terms.set(key, entry);
});

// ── normalisation (search/text.py normalize, lexicon.QueryAnalyzer.to_simplified) ──
const isCjk = c => (c >= "\u3400" && c <= "\u9fff") || (c >= "\uf900" && c <= "\ufaff");
const hasCjk = t => { for (const c of t) if (isCjk(c)) return true; return false; };
const nfkcLower = t => t.normalize("NFKC").toLowerCase();
const length = t => Array.from(t).length;

function toSimplified(t) {
  for (const ch of new Set(t)) {
    const list = phraseFirsts.get(ch);
    if (list && list.some(p => t.includes(p))) return longestMatch(Array.from(t));
  }
  let out = "";
  for (const ch of t) out += chars.s.get(ch) ?? ch;
  return out;
}

function longestMatch(cs) {
  const out = [];
  let i = 0;
  while (i < cs.length) {
    let j = null;
    for (let k = Math.min(cs.length, i + longestPhrase); k > i + 1; k--)
      if (phrases.has(cs.slice(i, k).join(""))) { j = k; break; }
    if (j === null) { out.push(chars.s.get(cs[i]) ?? cs[i]); i += 1; }
    else { out.push(phrases.get(cs.slice(i, j).join(""))); i = j; }
  }
  return out.join("");
}

const normalize = t => { t = nfkcLower(t); return hasCjk(t) ? toSimplified(t) : t; };

// ── jieba's cut (search/segment.py, a port of jieba-rs) ──
const BLOCK_ASCII = new Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+#&._%-");
const CJK_RANGES = [[0x3400, 0x4DBF], [0x4E00, 0x9FFF], [0xF900, 0xFAFF], [0x20000, 0x2A6DF], [0x2A700, 0x2B73F],
                    [0x2B740, 0x2B81F], [0x2B820, 0x2CEAF], [0x2CEB0, 0x2EBEF], [0x2F800, 0x2FA1F]];
const HMM_HAN = /([\u4e00-\u9fd5]+)/, HMM_SKIP = /([a-zA-Z0-9]+(?:.\d+)?%?)/;
const PREVIOUS = [[1, 3], [0, 2], [2, 0], [3, 1]];  // B ← (E, S), E ← (B, M), M ← (M, B), S ← (S, E)
const word = w => chars.w.get(w);
const logFreq = f => (f > 0 ? Math.log(f) : -Infinity);
const better = (a, b) => b === null || a[0] > b[0] || (a[0] === b[0] && a[1] > b[1]);  // Python's max of tuples

function inBlock(c) {
  if (BLOCK_ASCII.has(c)) return true;
  const code = c.codePointAt(0);
  return code >= 0x3400 && CJK_RANGES.some(([low, high]) => low <= code && code <= high);
}

function blocks(cs) {  // runs of others and blocks, alternating, others first
  const pieces = [];
  let start = 0, inside = false;
  cs.forEach((c, i) => {
    if (inBlock(c) !== inside) { pieces.push(cs.slice(start, i)); start = i; inside = !inside; }
  });
  pieces.push(cs.slice(start));
  if (inside) pieces.push([]);
  return pieces;
}

function cut(t) {
  const words = [];
  blocks(Array.from(t)).forEach((piece, n) => {
    if (n % 2) cutBlock(piece, words);
    else words.push(...piece);
  });
  return words;
}

function route(block) {
  const n = block.length, logTotal = Math.log(meta.analyzer.total), maxWord = meta.analyzer.max_word;
  const best = new Array(n + 1);
  best[n] = [0.0, 0];
  for (let i = n - 1; i >= 0; i--) {
    let top = null;
    for (let j = i + 1; j <= Math.min(n, i + maxWord); j++) {
      const f = word(block.slice(i, j).join(""));
      if (f !== undefined) {
        const candidate = [logFreq(f) - logTotal + best[j][0], j];
        if (better(candidate, top)) top = candidate;
      }
    }
    best[i] = top ?? [0.0 - logTotal + best[i + 1][0], i + 1];
  }
  return best.map(x => x[1]);
}

function cutBlock(block, words) {
  const ends = route(block);
  let x = 0, left = null;
  while (x < block.length) {
    const y = ends[x];
    if (y - x === 1) { if (left === null) left = x; }
    else {
      if (left !== null) { flush(block.slice(left, x), words); left = null; }
      words.push(block.slice(x, y).join(""));
    }
    x = y;
  }
  if (left !== null) flush(block.slice(left), words);
}

function flush(run, words) {
  const s = run.join("");
  if (run.length === 1) words.push(s);
  else if (word(s) === undefined) hmmCut(s, words);
  else words.push(...run);
}

function hmmCut(run, words) {
  run.split(HMM_HAN).forEach((piece, n) => {
    if (!piece) return;
    if (n % 2 === 0) { for (const p of piece.split(HMM_SKIP)) if (p) words.push(p); }
    else if (length(piece) === 1) words.push(piece);
    else words.push(...viterbi(Array.from(piece)));
  });
}

function viterbi(run) {
  const start = meta.analyzer.hmm_start, trans = meta.analyzer.hmm_trans;
  const missing = [MIN_FLOAT, MIN_FLOAT, MIN_FLOAT, MIN_FLOAT];
  const first = chars.h.get(run[0]) ?? missing;
  let v = [0, 1, 2, 3].map(y => start[y] + first[y]);
  const back = [];
  for (const ch of run.slice(1)) {
    const em = chars.h.get(ch) ?? missing;
    const step = [0, 1, 2, 3].map(y => {
      let top = null;
      for (const y0 of PREVIOUS[y]) {
        const candidate = [v[y0] + trans[y0][y] + em[y], y0];
        if (better(candidate, top)) top = candidate;
      }
      return top;
    });
    back.push(step.map(s => s[1]));
    v = step.map(s => s[0]);
  }
  let state = v[3] >= v[1] ? 3 : 1;
  const path = [state];
  for (let k = back.length - 1; k >= 0; k--) { state = back[k][state]; path.push(state); }
  path.reverse();
  const words = [];
  let begin = 0, end = 0;
  path.forEach((s, i) => {
    if (s === 0) begin = i;
    else if (s === 1) { words.push(run.slice(begin, i + 1).join("")); end = i + 1; }
    else if (s === 3) { words.push(run[i]); end = i + 1; }
  });
  if (end < run.length) words.push(run.slice(end).join(""));
  return words;
}

function cutForSearch(t) {
  const out = [];
  for (const w of cut(t)) {
    const cs = Array.from(w);
    for (const n of [2, 3])
      if (cs.length > n)
        for (let i = 0; i + n <= cs.length; i++) {
          const gram = cs.slice(i, i + n).join("");
          if (word(gram) !== undefined) out.push(gram);
        }
    out.push(w);
  }
  return out;
}

// ── the query's words (QueryAnalyzer) ──
const ALNUM = /[\p{L}\p{N}]/u;
const unique = list => [...new Set(list)];

function alnumWords(tokens) {
  const out = [];
  for (const token of tokens) {
    let w = "";
    for (const c of token) {
      if (ALNUM.test(c)) w += c;
      else if (w) { out.push(w); w = ""; }
    }
    if (w) out.push(w);
  }
  return out;
}

function queryGroups(normalized) {
  const words = unique(alnumWords(cut(normalized)));
  const kept = words.filter(w => !stopwords.has(w));
  return (kept.length ? kept : words).map(w => [w, ...[...(synonyms.get(w) || [])].filter(s => s !== w).sort()]);
}

function parts(w) {
  const stored = chars.x.get(w);
  if (stored !== undefined) return stored.split("\t");
  return alnumWords(cutForSearch(w)).filter(p => p !== w && length(p) >= 2);
}

function pinyinOf(w) {
  const cs = Array.from(w);
  if (!cs.length || !cs.every(isCjk)) return "";
  const syllables = cs.map(c => chars.y.get(c) ?? "");
  return syllables.every(Boolean) ? syllables.join("") : "";
}

async function plan(query) {
  const lowered = nfkcLower(Array.from(query).slice(0, MAX_QUERY_CHARS).join(""));
  await loadChars(lowered);
  const normalized = hasCjk(lowered) ? toSimplified(lowered) : lowered;
  await loadChars(normalized);
  const groups = queryGroups(normalized).slice(0, MAX_QUERY_TERMS);
  const typed = unique(groups.map(g => g[0]));
  let related = [];
  const variants = new Map();  // a typed word → the words that stand for it in a text (synonyms, parts)
  for (const w of typed) {
    related.push(...(synonymKeys.get(w) || []));
    const wordParts = length(w) >= 3 ? parts(w) : [];
    related.push(...wordParts);
    variants.set(w, unique([...groups.find(g => g[0] === w).slice(1), ...wordParts]));
  }
  related = unique(related).filter(w => !typed.includes(w)).slice(0, MAX_QUERY_TERMS);
  const pinyinQuery = normalized.trim() !== "" && /^[a-z\s']+$/.test(normalized.trim());
  const letters = pinyinQuery ? normalized.replace(/[\s']+/g, "") : "";
  const sounds = pinyinQuery ? [] : [...new Set([...typed.filter(w => length(w) >= 2), typed.join("")].map(pinyinOf))]
    .filter(Boolean).sort();
  await loadTerms([...typed, ...related, ...sounds]);
  const common = w => { const t = terms.get(w); return !!t && t.c !== undefined; };
  const highlight = unique([...groups.flat(), ...related.filter(w => !w.startsWith("_"))]);
  return {
    typed, related, sounds, letters: letters.length >= 2 ? letters : "", highlight, variants,
    words: typed.filter(w => !common(w)), relatedRanked: related.filter(w => !common(w)),
    allCommon: typed.length && typed.every(common) ? typed : [],
  };
}

// ── ranking (Searcher.search) ──
function ranked(entries, k) {  // entries: flat [row, score, …] lists; FTS5 sums its phrases
  const scores = new Map();
  for (const flat of entries)
    for (let i = 0; i < flat.length; i += 2) scores.set(flat[i], (scores.get(flat[i]) || 0) + flat[i + 1]);
  return [...scores].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, k);
}

async function pinyinPrefix(letters) {  // names_fts: pinyin : "letters"*
  if (!letters || !meta.pinyin.includes(letters[0])) return [];
  const words = await load(`py/${letters[0]}.json`);
  const tf = new Map();
  for (const [token, flat] of Object.entries(words))
    if (token.startsWith(letters))
      for (let i = 0; i < flat.length; i += 2) tf.set(flat[i], (tf.get(flat[i]) || 0) + flat[i + 1]);
  const names = meta.names, hits = tf.size;
  let idf = Math.log((names.rows - hits + 0.5) / (hits + 0.5));
  if (idf <= 0) idf = 1e-6;
  const flat = [];
  for (const [row, w] of tf) {
    const norm = K1 * (1 - B + B * names.lengths[row - 1] / names.avgdl);
    flat.push(row, idf * w * (K1 + 1) / (w + norm));
  }
  return [flat];
}

const postings = (words, kind) => words.map(w => (terms.get(w) || {})[kind]).filter(Boolean);

async function search(query) {
  const p = await plan(query);
  const k = Math.max(LIMIT * 3, 30);
  const scores = new Map();
  const add = (rows, weight) => { for (const [row, s] of rows) scores.set(row, (scores.get(row) || 0) + weight * s); };
  add(ranked(postings(p.words, "r"), k), 1.0);
  const sounded = [...postings(p.sounds, "p"), ...await pinyinPrefix(p.letters)];
  add(ranked([...postings(p.typed, "n"), ...sounded], k), TITLE_WEIGHT);
  p.pinyinRows = new Set(sounded.flatMap(flat => flat.filter((_, i) => i % 2 === 0)));
  add(ranked(postings(p.relatedRanked, "r"), k), RELATED_WEIGHT);
  add(ranked(postings(p.related, "n"), k), RELATED_WEIGHT * TITLE_WEIGHT);
  if (scores.size < LIMIT && p.allCommon.length) {
    const rows = [...new Set(p.allCommon.flatMap(w => terms.get(w).c))].sort((a, b) => a - b).slice(0, LIMIT);
    for (const row of rows) if (!scores.has(row)) scores.set(row, 0);
  }
  const roles = [...scores].filter(([row]) => row <= meta.roles)
    .sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, LIMIT);
  const pages = ranked(postings([...p.typed, ...p.related], "g"), PAGE_LIMIT);
  return {plan: p, roles, pages};
}

// ── display ──
const escapeHtml = t => t.replace(/[&<>"']/g, c => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"})[c]);

function simplifyKnown(t) { let out = ""; for (const ch of t) out += chars.s.get(ch) ?? ch; return out; }

function spansOf(original, words) {  // text.highlight_spans, offsets in code points
  const cs = Array.from(original);
  let offsets = cs.map((_, i) => i), joined = nfkcLower(original);
  if (length(joined) !== cs.length) {
    offsets = []; joined = "";
    cs.forEach((c, i) => { const n = nfkcLower(c); joined += n; for (const _ of n) offsets.push(i); });
  }
  const norm = Array.from(hasCjk(joined) ? simplifyKnown(joined) : joined);
  const spans = [];
  for (const w of new Set(words.filter(w => w && w.trim()).map(w => simplifyKnown(nfkcLower(w))))) {
    const size = length(w);
    for (let i = 0; i + size <= norm.length; i++)
      if (norm[i] === Array.from(w)[0] && norm.slice(i, i + size).join("") === w) {
        spans.push([offsets[i], offsets[i + size - 1] + 1]);
        i += size - 1;
      }
  }
  spans.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged = [];
  for (const [s, e] of spans) {
    if (merged.length && s <= merged[merged.length - 1][1]) merged[merged.length - 1][1] = Math.max(e, merged[merged.length - 1][1]);
    else merged.push([s, e]);
  }
  return merged;
}

function snippetHtml(original, spans, chars_ = SNIPPET_CHARS) {  // query._snippet, marked up
  let cs = Array.from(original.replace(/\n/g, "；"));
  let start = 0, end = cs.length, prefix = "", suffix = "";
  if (cs.length > chars_) {
    start = spans.length ? Math.max(0, spans[0][0] - Math.floor(chars_ / 4)) : 0;
    end = Math.min(cs.length, start + chars_);
    start = Math.max(0, end - chars_);
    prefix = start > 0 ? "…" : "";
    suffix = end < cs.length ? "…" : "";
  }
  let html = escapeHtml(prefix), at = start;
  for (const [a, b] of spans) {
    const s = Math.max(a, start), e = Math.min(b, end);
    if (e <= s || s < at) continue;
    html += escapeHtml(cs.slice(at, s).join("")) + "<mark>" + escapeHtml(cs.slice(s, e).join("")) + "</mark>";
    at = e;
  }
  return html + escapeHtml(cs.slice(at, end).join("")) + escapeHtml(suffix);
}

function matches(role, row, p) {  // Searcher._matches: the role's units that matched, best first
  const typed = new Set(p.typed), words = p.highlight;
  const scored = [];
  role.units.forEach(([field, label, original], order) => {
    const lowered = normalize(original);
    const found = words.filter(w => lowered.includes(w));
    const titleHit = field === "title" && (found.some(w => typed.has(w)) || !found.length);
    if (!found.length && !(field === "title" && p.pinyinRows.has(row))) return;  // matched by its sound
    const foundTyped = found.filter(w => typed.has(w)).length;
    const score = 2 * foundTyped + (found.length - foundTyped) + (titleHit ? 3 : 0);
    scored.push([-score, FIELD_ORDER[field] ?? 99, order, field, label, original]);
  });
  scored.sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]);
  return scored.slice(0, UNITS_PER_HIT).map(([, , , field, label, original]) => {
    const shown = shownText(original, label, words);
    let spans = spansOf(shown, words);
    if (field === "title" && !spans.length && shown.startsWith(role.title)) spans = [[0, length(role.title)]];
    return {field, text: shown, label: label || (meta.field_labels || {})[field] || field,
            html: snippetHtml(shown, spans)};
  });
}

function shownText(original, label, words) {
  // each line once (a duty's description and its first task are often the same sentence, or the
  // task is the description's first clause), and
  // not the label when the words are found further on: the label is the section's heading
  const lines = [];
  for (const line of original.split("\n").map(l => l.trim()).filter(Boolean)) {
    const core = line.replace(/[。；;，,.\s]+$/u, "");
    if (!lines.some(kept => kept.includes(core))) lines.push(line);  // said already, maybe longer
  }
  if (lines.length > 1 && label && label.endsWith(lines[0]) &&
      lines.slice(1).some(line => spansOf(line, words).length)) lines.shift();
  return lines.join("\n");
}

function shownTerms(p, text, bySound) {
  // Material lists the false ones as missing (缺少) and puts the true ones in the link (?h=…) for
  // the page to mark: a typed word counts as found when it, a synonym or one of its parts is there
  const shown = {};
  for (const w of p.typed) {
    const found = [w, ...(p.variants.get(w) || [])].filter(v => text.includes(v));
    if (found.length) found.forEach(v => { shown[v] = true; });
    else shown[w] = bySound;
  }
  return shown;
}

async function results(query) {
  const {plan: p, roles, pages} = await search(query);
  const items = [];
  const docs = await Promise.all(roles.map(([row]) => load(`r/${row}.json`)));
  const maxScore = roles.length ? roles[0][1] : 0;
  roles.forEach(([row, score], n) => {
    const role = docs[n];
    if (!role || !role.units) return;
    const text = role.units.map(u => normalize(u[2])).join("\n");
    const shown = matches(role, row, p);
    const termsShown = shownTerms(p, text, p.pinyinRows.has(row));
    const location = role.location;
    const article = {location, title: escapeHtml(role.title), text: "", score, terms: termsShown};
    // the title unit says no more than the result's heading unless an alias matched
    const sections = shown.filter(m => m.field !== "title" || m.text !== role.title).map(m => ({
      location: role.sections[normalize(m.label)] || role.sections[`field:${m.field}`] || `${location}#`,
      title: escapeHtml(m.label), text: m.html, score, terms: termsShown,
    }));
    items.push([article, ...sections]);
  });
  const pageDocs = await Promise.all(pages.map(([n]) => load(`g/${Math.floor(n / meta.pages_per_file)}.json`)
    .then(chunk => chunk[n % meta.pages_per_file])));
  const lowest = roles.length ? roles[roles.length - 1][1] : 1;
  const wanted = normalize(query).trim();
  pages.forEach(([, s], n) => {
    const doc = pageDocs[n];
    if (!doc) return;
    const [location, title, body, pageTitle] = doc;
    const first = !location.includes("#") && normalize(title) === wanted;  // 术语表: a page asked for by its name
    const score = first ? maxScore + 1 : lowest * 0.5 * s / (pages[0][1] || 1);
    const termsShown = shownTerms(p, normalize(title + body), false);
    const section = {location, title: escapeHtml(title), text: snippetHtml(body, spansOf(body, p.highlight), 160),
                     score, terms: termsShown};
    const group = location.includes("#")
      ? [{location: location.split("#")[0], title: escapeHtml(pageTitle || title), text: "", score, terms: termsShown}, section]
      : [section];
    if (first) items.unshift(group); else items.push(group);
  });
  return items;
}

let latest = 0;
self.onmessage = async event => {
  const message = event.data || {};
  if (message.type === SETUP) {
    try { await setup(); } catch (error) { meta = null; }
    self.postMessage({type: READY});
  } else if (message.type === QUERY) {
    const seq = ++latest;
    const query = String(message.data || "");
    let items = [];
    if (meta && meta.format && query.trim()) {
      try { items = await results(query); } catch (error) { items = []; }
    }
    if (seq === latest) self.postMessage({type: RESULT, data: {items}});
  } else if (message.type === "roledocs-plan") {  // the words and ranking, for tests/site/test_site_search_parity.py
    const query = String(message.data || "");
    let answer = {plan: {typed: [], related: [], highlight: []}, roles: []};
    if (meta && meta.format && query.trim()) {
      const {plan: p, roles} = await search(query);
      const docs = await Promise.all(roles.map(([row]) => load(`r/${row}.json`)));
      answer = {plan: {typed: p.typed, related: p.related, highlight: p.highlight},
                roles: roles.map(([, score], n) => [docs[n].id, score])};
    }
    self.postMessage({type: "roledocs-plan", data: answer});
  }
};
