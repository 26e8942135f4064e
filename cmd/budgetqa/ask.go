package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"

	"github.com/budgetqa/budgetqa/nlq"
)

// maxRequestLine bounds one --jsonl request line.
const maxRequestLine = 64 << 10

// runAsk answers one question from the arguments, or with --jsonl one JSON
// request per line of stdin, exactly one response line each, in order.
//
// Exit status of one question: 0 answered, 1 not answered, 2 an error (a
// malformed question, a corpus that cannot be read). With --jsonl each
// line says whether it was answered, and the status is 0 once every line
// has its response, 2 when reading or writing fails.
func (m *Main) runAsk(ctx context.Context, args []string) (int, error) {
	fs := newFlagSet("ask", m.stderr)
	jsonl := fs.Bool("jsonl", false, "read one JSON request per stdin line, write one JSON response per line")
	dir := fs.String("corpus", "", "read every document in `DIR` instead of the bundled ones")
	dept := fs.String("department", "", "scope questions to a department (a request's own field wins)")
	year := fs.Int("year", 0, "scope questions to a fiscal year (a request's own field wins)")
	if err := fs.Parse(args); err != nil {
		return exitUsage, nil
	}
	docs, err := m.loadCorpus(*dir)
	if err != nil && len(docs) == 0 {
		return exitUsage, err
	}
	if err != nil {
		fmt.Fprintln(m.stderr, "budgetqa: some documents were skipped:", err)
	}
	engine := nlq.New(docs, nlq.Options{Index: m.lazyIndex(docs, "")})
	if !*jsonl {
		q := strings.Join(fs.Args(), " ")
		if strings.TrimSpace(q) == "" {
			return exitUsage, fmt.Errorf("ask: want a question, or --jsonl")
		}
		resp := engine.Ask(nlq.Request{Question: q, Department: *dept, Year: *year})
		printHuman(m.stdout, resp)
		return askStatus(resp), nil
	}
	return m.askLines(ctx, engine, *dept, *year)
}

// askStatus is the exit status of one answer.
func askStatus(r nlq.Response) int {
	switch {
	case r.Error != nil:
		return exitUsage
	case !r.Answered:
		return exitUnanswered
	}
	return exitOK
}

// askLines answers stdin line by line; a malformed line gets an error line.
func (m *Main) askLines(ctx context.Context, engine *nlq.Engine, dept string, year int) (int, error) {
	r := bufio.NewReaderSize(m.stdin, 64<<10)
	w := bufio.NewWriter(m.stdout)
	defer w.Flush()
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for {
		if ctx.Err() != nil {
			return exitUsage, ctx.Err()
		}
		line, tooLong, err := readLine(r)
		if err == io.EOF && line == "" && !tooLong {
			return exitOK, nil
		}
		if err != nil && err != io.EOF {
			return exitUsage, err
		}
		resp := m.answerLine(engine, line, tooLong, dept, year)
		if e := enc.Encode(resp); e != nil {
			return exitUsage, e
		}
		if err == io.EOF {
			return exitOK, nil
		}
		if r.Buffered() == 0 {
			w.Flush() // answer interactive callers as they ask
		}
	}
}

// readLine reads one line, discarding what exceeds maxRequestLine.
func readLine(r *bufio.Reader) (string, bool, error) {
	var b strings.Builder
	tooLong := false
	for {
		chunk, err := r.ReadSlice('\n')
		if b.Len()+len(chunk) > maxRequestLine {
			tooLong = true
		} else {
			b.Write(chunk)
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		return strings.TrimRight(b.String(), "\r\n"), tooLong, err
	}
}

// answerLine answers one request line.
func (m *Main) answerLine(engine *nlq.Engine, line string, tooLong bool, dept string, year int) nlq.Response {
	bad := func(code, msg string) nlq.Response {
		return nlq.Response{Answered: false, Intent: "unknown", Sources: []nlq.SourceRef{}, Error: &nlq.Error{Code: code, Message: msg}, Answer: nlq.AnswerBody{Text: msg}}
	}
	if tooLong {
		return bad("request_too_large", fmt.Sprintf("请求过长（超过 %d 字节）", maxRequestLine))
	}
	var req nlq.Request
	dec := json.NewDecoder(strings.NewReader(line))
	if err := dec.Decode(&req); err != nil {
		return bad("malformed_json", jsonErrorMessage(err))
	}
	if req.Department == "" {
		req.Department = dept
	}
	if req.Year == 0 {
		req.Year = year
	}
	if strings.TrimSpace(req.Question) == "" {
		return bad("empty_question", "问题不能为空")
	}
	return engine.Ask(req)
}

// jsonErrorMessage says in Chinese what is wrong with a request line,
// without the JSON parser's English.
func jsonErrorMessage(err error) string {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "请求不完整：应为一个 JSON 对象，如 {\"question\":\"信访稳定备用金多少\"}"
	case errors.As(err, &typ) && typ.Field != "":
		return fmt.Sprintf("字段 %s 的类型不对（应为%s）", typ.Field, jsonKindName(typ.Type.Kind()))
	case errors.As(err, &typ):
		return "请求应为一个 JSON 对象，如 {\"question\":\"信访稳定备用金多少\"}"
	case errors.As(err, &syntax):
		return fmt.Sprintf("请求不是有效的 JSON（第 %d 个字节附近有误）", syntax.Offset)
	}
	return "请求不是有效的 JSON"
}

// jsonKindName names a Go kind as a JSON type, in Chinese.
func jsonKindName(k reflect.Kind) string {
	switch k {
	case reflect.String:
		return "字符串"
	case reflect.Bool:
		return "布尔值"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
		return "数字"
	}
	return "对象"
}

// printHuman prints an answer for a person.
func printHuman(w io.Writer, r nlq.Response) {
	fmt.Fprintln(w, r.Answer.Text)
	for _, it := range r.Answer.Items {
		fmt.Fprintf(w, "  - %s %s%s\n", it.Name, it.Value, it.Unit)
	}
	if r.Interpretation != "" {
		fmt.Fprintln(w, "理解为：", r.Interpretation)
	}
	if r.Arithmetic != "" {
		fmt.Fprintln(w, "计算：", r.Arithmetic)
	}
	for _, n := range r.Notes {
		fmt.Fprintln(w, "说明：", n)
	}
	if len(r.Alternatives) > 0 {
		fmt.Fprintln(w, "也可能是指：", strings.Join(r.Alternatives, "；"))
	}
	for _, s := range r.Sources {
		loc := s.Document
		if s.Table != "" {
			loc += " · " + s.Table
		}
		if s.Row != "" {
			loc += " · " + s.Row
		}
		if s.Column != "" {
			loc += " · " + s.Column
		}
		if s.Line > 0 {
			loc += fmt.Sprintf("（第%d行）", s.Line)
		}
		if s.Quote != "" {
			loc += "：「" + s.Quote + "」"
		}
		fmt.Fprintln(w, "来源：", loc)
	}
	for _, s := range r.Related {
		fmt.Fprintf(w, "相关段落：%s（第%d行）：「%s」\n", s.Document, s.Line, s.Quote)
	}
	if !r.Answered && len(r.Suggestions) > 0 {
		fmt.Fprintln(w, "可以试试：", strings.Join(r.Suggestions, "；"))
	}
}
