package api

import (
	"bytes"
	"encoding/json"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/budgetqa/budgetqa/api/suggest"
)

// obj is a JSON object of the OpenAPI document.
type obj = map[string]any

// openAPI answers GET /openapi.json.
func (s *Server) openAPI(c *gin.Context) {
	c.Data(http.StatusOK, "application/json; charset=utf-8", s.openapi)
}

// openAPIJSON returns the OpenAPI 3 description of the routes a server with
// cfg registers (server.go routes; a test checks that the two agree).
func openAPIJSON(cfg Config) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(openAPIDoc(cfg)); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// openAPIDoc builds the document.
func openAPIDoc(cfg Config) obj {
	qDept := param("department", "query", "部门名称或其一部分（如“龙岗区信访局”）", str())
	paths := obj{
		"/healthz": obj{
			"get":  op("healthz", "进程存活检查", nil, nil, okJSON(ref("Status"))),
			"head": op("healthzHead", "进程存活检查（只返回状态码，供使用 HEAD 的健康检查）", nil, nil, obj{"200": obj{"description": "OK"}}),
		},
		"/readyz": obj{
			"get": op("readyz", "就绪检查：预算文件加载完成前返回 503", nil, nil, okJSON(ref("Status")), "503"),
			"head": op("readyzHead", "就绪检查（只返回状态码）：预算文件加载完成前返回 503", nil, nil,
				obj{"200": obj{"description": "OK"}, "503": obj{"description": "预算文件尚未加载完成"}}),
		},
		"/metrics": obj{"get": op("metrics", "Prometheus 指标", nil, nil,
			obj{"200": obj{"description": "Prometheus 文本格式", "content": obj{"text/plain": obj{"schema": str()}}}})},
		"/openapi.json": obj{"get": op("openapi", "本接口的 OpenAPI 3 描述", nil, nil,
			okJSON(obj{"type": "object"}))},
		"/v1/ask": obj{
			"post": op("askPost", "回答一个问题（请求与 budgetqa ask --jsonl 的一行相同）", nil,
				obj{"required": true, "content": obj{"application/json": obj{"schema": ref("AskRequest")}}},
				okJSON(ref("AskResponse")), "400", "413", "415", "429", "503"),
			"get": op("askGet", "回答一个问题（查询参数形式）", []any{
				param("q", "query", "问题，不超过 200 字", withRequired(strMax(maxQuestionRunes))),
				qDept,
				param("year", "query", "年度", integer()),
				param("session_id", "query", "会话编号；同一会话内可以追问（如“那上年呢”）", str()),
			}, nil, okJSON(ref("AskResponse")), "400", "429", "503"),
		},
		"/v1/search": obj{"get": op("search", "全文搜索事实与段落，返回高亮片段", []any{
			param("q", "query", "搜索内容，不超过 200 字", withRequired(strMax(maxQuestionRunes))),
			qDept,
			param("year", "query", "年度", integer()),
			param("n", "query", "结果数，默认 10，最多 50", obj{"type": "integer", "minimum": 1, "maximum": maxSearchHits}),
			param("type", "query", "只搜事实或段落", obj{"type": "string", "enum": []string{"fact", "paragraph"}}),
		}, nil, okJSON(ref("SearchResponse")), "400", "429", "503")},
		"/v1/documents": obj{"get": op("documents", "文件列表", nil, nil, okJSON(ref("DocumentList")), "429", "503")},
		"/v1/documents/{id}": obj{"get": op("document", "一个文件的表格、事实、段落和名词解释", []any{
			withRequiredParam(param("id", "path", "文件编号", str())),
		}, nil, okJSON(ref("DocumentDetail")), "404", "429", "503")},
		"/v1/documents/{id}/pdf": obj{"get": op("documentPDF", "一个文件的 PDF 原件（以 PDF 载入的文件）", []any{
			withRequiredParam(param("id", "path", "文件编号（出处的 doc_id）", str())),
		}, nil, obj{"200": obj{"description": "PDF 原件", "content": obj{"application/pdf": obj{"schema": obj{"type": "string", "format": "binary"}}}}}, "404", "429", "503")},
		"/v1/documents/{id}/pages/{page}": obj{"get": op("documentPage", "一个 PDF 文件的一页，按印刷样式渲染为 PNG，可用红框标出出处的位置", []any{
			withRequiredParam(param("id", "path", "文件编号（出处的 doc_id）", str())),
			withRequiredParam(param("page", "path", "页码加 .png，如 3.png（出处的 page）", obj{"type": "string", "pattern": "^[1-9][0-9]*\\.png$"})),
			param("dpi", "query", "分辨率，默认 110，20 到 200", obj{"type": "integer", "minimum": 20, "maximum": maxPageDPI}),
			param("box", "query", "要标出的位置 x0,y0,x1,y1（出处的 box，单位为点，自页面左上角起）；可重复，最多 8 个", array(str())),
		}, nil, obj{"200": obj{"description": "PNG 图像", "content": obj{"image/png": obj{"schema": obj{"type": "string", "format": "binary"}}}}}, "400", "404", "429", "503")},
		checkPath: obj{"post": checkOp()},
		"/v1/suggest": obj{"get": op("suggest", "补全正在输入的问题，并推荐可以问的问题", []any{
			param("q", "query", "已输入的部分问题", strMax(maxQuestionRunes)),
			qDept,
			param("n", "query", "补全数，默认 8，最多 20", obj{"type": "integer", "minimum": 1, "maximum": maxSuggestions}),
		}, nil, okJSON(ref("SuggestResponse")), "400", "429", "503")},
		"/v1/feedback": obj{"post": op("feedback", "对一个回答的评价（👍 up / 👎 down），记入提问记录供工作人员查看；会话编号只保存其散列值", nil,
			obj{"required": true, "content": obj{"application/json": obj{"schema": ref("FeedbackRequest")}}},
			okJSON(object(obj{"recorded": boolean()}, "recorded")), "400", "413", "415", "429", "503")},
	}
	if cfg.WeChatToken != "" {
		sig := []any{
			withRequiredParam(param("signature", "query", "微信签名：token、timestamp、nonce 排序拼接后的 SHA1（十六进制）", str())),
			withRequiredParam(param("timestamp", "query", "时间戳", str())),
			withRequiredParam(param("nonce", "query", "随机数", str())),
			param("openid", "query", "发送者的 OpenID", str()),
			param("encrypt_type", "query", "aes：消息已加密（安全模式、兼容模式）", obj{"type": "string", "enum": []string{"aes", "raw"}}),
			param("msg_signature", "query", "加密消息的签名：token、timestamp、nonce 与密文排序拼接后的 SHA1", str()),
		}
		xmlBody := func(desc string) obj {
			return obj{"description": desc, "content": obj{"application/xml": obj{"schema": ref("WeChatMessage")}, "text/plain": obj{"schema": str()}}}
		}
		paths["/wechat"] = obj{
			"get": op("wechatVerify", "微信公众号服务器地址验证：签名正确时原样返回 echostr",
				append(sig, withRequiredParam(param("echostr", "query", "随机字符串", str()))), nil,
				obj{"200": obj{"description": "echostr", "content": obj{"text/plain": obj{"schema": str()}}}}, "403"),
			"post": op("wechatMessage", "微信公众号消息（明文、兼容或安全模式）：文字消息在 5 秒内以文字消息回复（答案、出处、理解方式；问题可能涉及几个部门时列出编号的部门，用户回复数字即可选择），密文消息以密文回复；时间戳须在服务器时间前后 5 分钟内，同一 nonce 不能用于另一条消息", sig,
				obj{"required": true, "content": obj{"application/xml": obj{"schema": ref("WeChatMessage")}}},
				obj{"200": xmlBody("回复消息（安全模式下为加密回复），或纯文本 success（不回复）")}, "400", "403", "413"),
		}
	}
	if cfg.AdminToken != "" {
		auth := []any{obj{"bearerAuth": []any{}}}
		add := op("adminAddDocument", "上传一个文档（PDF 原件，或与内置文档相同的文本格式），新增或替换同名文档；无法读取时不作任何改动并返回原因", []any{
			param("name", "query", "文件名（如 shenzhen-longgang-xinfangju-2024-yusuan.pdf），正文为 application/pdf 或 text/plain 时必填", str()),
		}, obj{"required": true, "content": obj{
			"application/pdf":     obj{"schema": obj{"type": "string", "format": "binary"}},
			"text/plain":          obj{"schema": str()},
			"multipart/form-data": obj{"schema": object(obj{"file": obj{"type": "string", "format": "binary"}}, "file")},
		}}, obj{
			"200": obj{"description": "已替换同名文档", "content": obj{"application/json": obj{"schema": ref("AdminAddResponse")}}},
			"201": obj{"description": "已新增", "content": obj{"application/json": obj{"schema": ref("AdminAddResponse")}}},
		}, "400", "401", "413", "415", "422", "429", "503")
		add["security"] = auth
		del := op("adminRemoveDocument", "删除一个文档", []any{
			withRequiredParam(param("id", "path", "文件编号", str())),
		}, nil, okJSON(object(obj{"removed": str()}, "removed")), "401", "404", "429", "503")
		del["security"] = auth
		report := op("adminDocument", "一个文档的读取报告：部门、年度、类别据何认定，解析时的疑问，以及数字之间的不一致（budgetqa check）", []any{
			withRequiredParam(param("id", "path", "文件编号", str())),
		}, nil, okJSON(ref("DocumentReport")), "401", "404", "429", "503")
		report["security"] = auth
		questions := op("adminQuestions", "提问记录汇总：未能回答的问题和被评为没有帮助的回答，按问法归并，次数多的在前", nil, nil,
			okJSON(ref("QuestionSummary")), "401", "429", "503")
		questions["security"] = auth
		synonyms := op("adminSynonyms", "添加一组同义词（文件中的名称在前）到同义词文件（--synonyms），并立即生效", nil,
			obj{"required": true, "content": obj{"application/json": obj{"schema": object(obj{
				"name": strMax(maxSynonymRunes), "synonyms": obj{"type": "array", "items": strMax(maxSynonymRunes), "minItems": 1, "maxItems": maxSynonyms},
			}, "name", "synonyms")}}},
			okJSON(object(obj{"added": strs()}, "added")), "400", "401", "409", "413", "415", "429", "503")
		synonyms["security"] = auth
		paths["/v1/admin/documents"] = obj{"post": add}
		paths["/v1/admin/documents/{id}"] = obj{"get": report, "delete": del}
		paths["/v1/admin/questions"] = obj{"get": questions}
		paths["/v1/admin/synonyms"] = obj{"post": synonyms}
	}
	if cfg.Assets != nil {
		page := func(id, summary, ctype string) obj {
			return obj{"get": op(id, summary, nil, nil,
				obj{"200": obj{"description": summary, "content": obj{ctype: obj{"schema": str()}}}}, "404")}
		}
		paths["/"] = page("page", "问答页面", "text/html")
		paths["/widget.js"] = page("widget", "可嵌入网页的问答组件", "text/javascript")
		paths["/favicon.ico"] = obj{"get": op("favicon", "网站图标", nil, nil,
			obj{"200": obj{"description": "图标", "content": obj{"image/vnd.microsoft.icon": obj{"schema": obj{"type": "string", "format": "binary"}}}}}, "404")}
		paths["/check.html"] = page("checkPage", "文件检查页面：上传预算文件，查看检查报告", "text/html")
		if cfg.AdminToken != "" {
			paths["/admin"] = page("adminPage", "管理页面：上传、删除文档，查看读取报告和提问记录（页面内输入管理令牌）", "text/html")
		}
	}
	return obj{
		"openapi": "3.0.3",
		"info": obj{
			"title":       "budgetqa",
			"version":     "1",
			"description": "用中文提问政府部门预算、决算文件，得到文件中的准确数字及其出处。无法回答的问题返回 200 且 answered 为 false；请求有误时返回统一的错误结构。",
		},
		"paths": paths,
		"components": obj{"schemas": schemas(), "responses": errorResponses(),
			"securitySchemes": obj{"bearerAuth": obj{"type": "http", "scheme": "bearer"}}},
	}
}

// op describes one operation; errs are the error statuses it may answer.
func op(id, summary string, params []any, body obj, responses obj, errs ...string) obj {
	o := obj{"operationId": id, "summary": summary}
	if len(params) > 0 {
		o["parameters"] = params
	}
	if body != nil {
		o["requestBody"] = body
	}
	rs := obj{}
	for k, v := range responses {
		rs[k] = v
	}
	for _, e := range errs {
		rs[e] = ref("#/components/responses/" + e)
	}
	rs["500"] = ref("#/components/responses/500")
	o["responses"] = rs
	return o
}

// errorResponses are the shared error responses, one per status of the
// code table, each listing its codes.
func errorResponses() obj {
	byStatus := map[int][]string{}
	for code, st := range codeStatus {
		byStatus[st] = append(byStatus[st], code)
	}
	out := obj{}
	for st, codes := range byStatus {
		sort.Strings(codes)
		desc := http.StatusText(st) + "；错误代码：" + strings.Join(codes, ", ")
		out[strconv.Itoa(st)] = obj{"description": desc, "content": obj{"application/json": obj{"schema": ref("Error")}}}
	}
	return out
}

func okJSON(schema obj) obj {
	return obj{"200": obj{"description": "OK", "content": obj{"application/json": obj{"schema": schema}}}}
}

func param(name, in, desc string, schema obj) obj {
	return obj{"name": name, "in": in, "description": desc, "schema": schema}
}

func withRequiredParam(p obj) obj { p["required"] = true; return p }

// withRequired marks a query parameter's schema as needing a value.
func withRequired(s obj) obj { s["minLength"] = 1; return s }

// ref points at a component schema by name, or at a full reference.
func ref(name string) obj {
	if len(name) > 0 && name[0] == '#' {
		return obj{"$ref": name}
	}
	return obj{"$ref": "#/components/schemas/" + name}
}

func str() obj            { return obj{"type": "string"} }
func strMax(n int) obj    { return obj{"type": "string", "maxLength": n} }
func integer() obj        { return obj{"type": "integer"} }
func boolean() obj        { return obj{"type": "boolean"} }
func number() obj         { return obj{"type": "number"} }
func array(items obj) obj { return obj{"type": "array", "items": items} }
func strs() obj           { return array(str()) }

// nullableRef is a reference that may be null: OpenAPI 3.0 ignores
// keywords beside $ref, so the reference goes in an allOf.
func nullableRef(name string) obj { return obj{"allOf": []any{ref(name)}, "nullable": true} }
func object(props obj, required ...string) obj {
	o := obj{"type": "object", "properties": props}
	if len(required) > 0 {
		o["required"] = required
	}
	return o
}

// schemas are the component schemas: the JSON of nlq.Request and
// nlq.Response, and of this package's responses.
func schemas() obj {
	codes := make([]string, 0, len(codeStatus))
	for c := range codeStatus {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	return obj{
		"Status":      object(obj{"status": str(), "documents": integer()}, "status"),
		"CheckReport": checkReportSchema(),
		"AdminAddResponse": object(obj{
			"document": ref("DocumentSummary"),
			"replaced": boolean(),
			"reading":  ref("Reading"),
			"warnings": array(ref("LineMessage")),
			"findings": strs(),
		}, "document", "replaced", "warnings", "findings"),
		"Error": object(obj{
			"error": object(obj{
				"code":    obj{"type": "string", "description": "错误代码；引擎另有 empty_question、bad_question", "example": codeEmptyQuestion, "x-codes": codes},
				"message": obj{"type": "string", "description": "中文说明"},
			}, "code", "message"),
			"answered": obj{"type": "boolean", "enum": []bool{false}},
		}, "error", "answered"),
		"AskRequest": object(obj{
			"question":   strMax(maxQuestionRunes),
			"department": strMax(maxDepartmentRunes),
			"year":       obj{"type": "integer", "minimum": minYear, "maximum": maxYear},
			"session_id": strMax(maxSessionIDBytes),
		}, "question"),
		"AskResponse": object(obj{
			"question": str(),
			"answered": boolean(),
			"intent": obj{"type": "string", "enum": []string{"unknown", "amount", "change", "prior", "share", "sum", "diff",
				"rank", "list", "count", "definition", "reason", "target", "search", "trend"},
				"description": "trend（某一项逐年的数字）只出现在回答中"},
			"answer": object(obj{
				"text":  str(),
				"value": obj{"type": "string", "description": "十进制数字串，无千分位"},
				"unit":  str(),
				"items": obj{"type": "array", "items": ref("Item"), "description": "列表、排名，以及跨部门、跨年度的回答中的每一个数字"},
			}, "text"),
			"interpretation": str(),
			"query":          str(),
			"sources":        array(ref("SourceRef")),
			"arithmetic":     str(),
			"notes":          strs(),
			"alternatives":   strs(),
			"suggestions":    strs(),
			"related":        array(ref("SourceRef")),
			"clarify":        ref("Clarify"),
		}, "question", "answered", "intent", "answer", "sources"),
		"Clarify": obj{"type": "object", "description": "问题可能涉及几个部门而未指明时反问（answered 为 false）：选一项，发送它的 question；同一会话中回复序号（如“2”）也可以",
			"properties": obj{
				"missing":  obj{"type": "string", "description": "缺少的信息：department（部门）", "example": "department"},
				"question": obj{"type": "string", "example": "您问的是哪个部门？"},
				"options":  array(ref("ClarifyOption")),
			},
			"required": []string{"missing", "question", "options"}},
		"ClarifyOption": object(obj{
			"label":      str(),
			"department": str(),
			"question":   obj{"type": "string", "description": "指明该部门的完整问题，可直接发送"},
		}, "label", "department", "question"),
		"Item": obj{"type": "object", "description": "列表或排名中的一项；跨部门、跨年度的回答中每一项还注明部门、年度和各自的出处",
			"properties": obj{
				"name":       str(),
				"value":      obj{"type": "string", "description": "十进制数字串，无千分位"},
				"unit":       str(),
				"department": obj{"type": "string", "description": "这一项所属的部门"},
				"year":       obj{"type": "integer", "description": "这一项所属的年度（文件的年度）"},
				"source":     ref("SourceRef"),
			},
			"required": []string{"name"}},
		"SourceRef": object(obj{
			"document": str(), "doc_id": str(), "file": str(), "table": str(), "row": str(), "column": str(),
			"line": integer(), "page": integer(),
			"box":   obj{"type": "array", "items": number(), "minItems": 4, "maxItems": 4, "description": "页面上的位置 x0,y0,x1,y1（点，自左上角起）"},
			"quote": str(),
		}, "document"),
		"SearchResponse": object(obj{"query": str(), "hits": array(ref("SearchHit"))}, "query", "hits"),
		"SearchHit": object(obj{
			"doc_id": str(), "document": str(), "title": str(), "department": str(), "year": integer(),
			"type":  obj{"type": "string", "enum": []string{"fact", "paragraph"}},
			"index": integer(), "line": integer(), "score": number(),
			"fragment":  obj{"type": "string", "description": "HTML 转义的片段，命中词以 <mark> 标出"},
			"fact":      nullableRef("Fact"),
			"paragraph": nullableRef("Paragraph"),
		}, "doc_id", "type", "index", "line", "score"),
		"Fact": object(obj{
			"index": integer(), "kind": str(), "subject": str(), "code": str(), "measure": str(),
			"year": integer(), "value": str(), "unit": str(), "line": integer(),
			"table": str(), "table_index": integer(), "row": str(), "row_index": integer(), "column": str(),
			"sentence": str(), "doubt": str(),
		}, "index", "kind", "subject", "value", "unit", "line"),
		"Paragraph": object(obj{
			"index": integer(), "text": str(), "line": integer(), "end_line": integer(), "section": str(),
		}, "index", "text", "line"),
		"DocumentList":    object(obj{"documents": array(ref("DocumentSummary"))}, "documents"),
		"DocumentSummary": object(documentSummaryProps(), "id", "name", "department", "year", "kind", "counts"),
		"Reading": obj{"type": "object", "description": "读取报告：部门、年度及其依据，表格与目录对照，上级科目是否等于下级之和，结论（good/doubtful/bad）和原因",
			"properties": obj{
				"department": str(), "year": integer(), "kind": str(), "format": str(), "pages": integer(),
				"evidence": array(object(obj{"signal": str(), "text": str(), "name": str(), "year": integer(), "kind": str(), "line": integer(), "page": integer()}, "signal", "text")),
				"tables":   array(object(obj{"ref": str(), "page": integer(), "unit": str(), "columns": integer(), "rows": integer(), "coded": integer(), "empty": boolean(), "parents": integer(), "summing": integer()}, "ref", "rows")),
				"listed":   integer(), "missing": strs(), "parents": integer(), "summing": integer(), "facts": integer(), "paragraphs": integer(),
				"verdict":  obj{"type": "string", "enum": []string{"good", "doubtful", "bad"}},
				"problems": strs(), "warnings": integer(),
			},
			"required": []string{"verdict", "problems", "tables", "missing"}},
		"DocumentDetail": obj{"allOf": []any{ref("DocumentSummary"), object(obj{
			"reading":    ref("Reading"),
			"warnings":   array(object(obj{"file": str(), "line": integer(), "page": integer(), "message": str()}, "message")),
			"sections":   array(object(obj{"heading": str(), "level": integer(), "line": integer()})),
			"tables":     array(ref("Table")),
			"facts":      array(ref("Fact")),
			"paragraphs": array(ref("Paragraph")),
			"terms":      array(object(obj{"name": str(), "definition": str(), "line": integer()})),
		}, "sections", "tables", "facts", "paragraphs", "terms")}},
		"Table": object(obj{
			"index": integer(), "number": integer(), "title": str(),
			"ref":  obj{"type": "string", "description": "表的引用名，与来源中的 table 相同（如“表3 支出总表”）"},
			"unit": str(), "line": integer(), "end_line": integer(), "empty": boolean(),
			"columns": array(object(obj{"label": str(), "meaning": str(), "group": str(), "year": integer(), "side": integer()})),
			"rows": array(object(obj{
				"line": integer(), "code": str(), "name": str(), "level": integer(), "parent": integer(), "side": integer(),
				"cells": array(object(obj{"column": integer(), "value": str(), "raw": str(), "blank": boolean()})),
				"doubt": str(),
			})),
			"notes":  strs(),
			"doubts": array(object(obj{"line": integer(), "message": str()})),
		}, "index", "title", "ref", "columns", "rows"),
		"FeedbackRequest": object(obj{
			"session_id": strMax(maxSessionIDBytes),
			"question":   strMax(maxQuestionRunes),
			"answer":     strMax(maxAnswerRunes),
			"rating":     obj{"type": "string", "enum": []string{"up", "down"}},
			"department": strMax(maxDepartmentRunes),
		}, "question", "rating"),
		"DocumentReport": object(obj{
			"document": ref("DocumentSummary"),
			"identity": obj{"type": "object", "nullable": true, "properties": obj{"evidence": array(object(obj{
				"signal": str(), "text": str(), "name": str(), "year": integer(), "kind": str(), "line": integer(), "page": integer(),
			}))}},
			"warnings": array(ref("LineMessage")),
			"findings": array(object(obj{"severity": str(), "rule": str(), "message": str(), "text": str()}, "severity", "rule", "message", "text")),
		}, "document", "identity", "warnings", "findings"),
		"LineMessage": object(obj{"line": integer(), "page": integer(), "message": str()}, "message"),
		"QuestionSummary": object(obj{
			"questions": integer(), "answered": integer(), "up": integer(), "down": integer(),
			"unanswered": array(ref("QuestionGroup")),
			"disliked":   array(ref("QuestionGroup")),
		}, "questions", "answered", "up", "down", "unanswered", "disliked"),
		"QuestionGroup": object(obj{
			"question": str(), "count": integer(), "last": obj{"type": "string", "format": "date-time"},
			"departments": strs(), "intent": str(), "answer": str(),
		}, "question", "count", "last", "departments"),
		"SuggestResponse": object(obj{
			"query": str(), "department": str(),
			"completions": array(object(obj{
				"text": str(), "item": str(),
				"kind": obj{"type": "string", "enum": []string{suggest.KindSubject, suggest.KindProject, suggest.KindTerm, suggest.KindTemplate}},
			}, "text", "item", "kind")),
			"questions": strs(),
		}, "query", "completions", "questions"),
		"WeChatMessage": obj{"type": "object", "xml": obj{"name": "xml"}, "properties": obj{
			"ToUserName": str(), "FromUserName": str(), "CreateTime": integer(), "MsgType": str(),
			"Content": str(), "MsgId": str(), "Event": str(), "Encrypt": obj{"type": "string", "description": "安全模式、兼容模式下的密文"},
			"MsgSignature": str(), "TimeStamp": integer(), "Nonce": str(),
		}},
	}
}

// documentSummaryProps are the properties of a document summary.
func documentSummaryProps() obj {
	return obj{
		"id": str(), "format": obj{"type": "string", "enum": []string{"text", "pdf"}}, "pages": integer(),
		"verdict": obj{"type": "string", "enum": []string{"good", "doubtful", "bad"}, "description": "读取情况：good 良好，doubtful 有疑问，bad 未能读懂"},
		"name":    str(), "title": str(), "file": str(), "department": str(), "region": str(),
		"year": integer(), "kind": obj{"type": "string", "enum": []string{"部门预算", "部门决算", "单位预算", "单位决算", ""}},
		"text_unit": str(), "lines": integer(),
		"counts": object(obj{"tables": integer(), "facts": integer(), "paragraphs": integer(), "terms": integer(), "projects": integer()},
			"tables", "facts", "paragraphs"),
	}
}
