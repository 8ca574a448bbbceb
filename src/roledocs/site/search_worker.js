/* roledocs: a thin layer around Material's search worker (installed by roledocs.site.search_index).
 *
 * Material's page sends the worker the same messages as before and gets the same answers back;
 * this layer only tidies what is shown:
 * - question words (谁负责, 哪个岗位 …: roledocs.search.text.stopwords(), their Traditional
 *   spellings, and the leading parts the browser cuts them into: 谁 + 负) are never listed as
 *   missing terms ("缺少: 谁负责") under a result: the CLI drops them from the query too;
 * - titles and text carry no zero-width spaces (Material's jieba step joins words with U+200B,
 *   which would otherwise be copied with a title).
 */
const QUESTION_WORDS = new Set(/*QUESTION_WORDS*/[]);
const post = self.postMessage.bind(self);

function tidy(doc) {
  for (const term of Object.keys(doc.terms || {}))
    if (!doc.terms[term] && QUESTION_WORDS.has(term.replace(/\*$/, "").toLowerCase()))
      delete doc.terms[term];
  for (const field of ["title", "text"])
    if (typeof doc[field] === "string") doc[field] = doc[field].replace(/\u200b/g, "");
  return doc;
}

self.postMessage = (message, ...rest) => {
  if (message && message.type === 3 && message.data && Array.isArray(message.data.items))  // SEARCH_RESULT
    message.data.items.forEach(group => group.forEach(tidy));
  post(message, ...rest);
};

importScripts(/*MATERIAL_WORKER*/"");
