// Package index finds facts and text in budget documents by the words of a
// question.
//
// It segments Chinese with jieba (gojieba), loaded once per process with a
// user dictionary of budget terms: the 科目名称, project names, fact
// subjects, 名词解释 entries, column meanings and department names of the
// documents being indexed, plus a built-in list of standard classification
// names and budget words (dict.go). Loaded that way, 信访稳定备用金 and
// 公务用车运行维护费 stay whole words instead of falling apart into 信访 /
// 稳定 / 备用金.
//
// The jieba tokenizer is registered with Bleve under Name and an analyzer
// built on it under AnalyzerName (tokenizer.go). Open builds a scorch index
// with two document types, facts and paragraphs (index.go), and Search runs a
// loosely worded question against it (search.go): an OR of the question's
// words over the fields of both types, never a phrase, because the documents
// write “三公”经费 where a question writes 三公经费.
//
// The jieba instance costs about 0.76 s and 130 MB to load, so it is shared:
// Open reuses the loaded one when its dictionary already holds every term of
// the new documents, and loads a new one only when it does not. gojieba finds
// its dictionary files through a path fixed when it was built; a binary that
// runs elsewhere sets Options.DictDir or the BUDGETQA_JIEBA_DICT environment
// variable to a folder holding them.
package index
