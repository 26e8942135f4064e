package corpus

// Rule is one check Check runs on every document: what a 部门预算 or 部门决算
// must satisfy, with the severity of a breach.
type Rule struct {
	ID       string   // stable id: table.parent_sum, text.growth, …
	Severity Severity // of a breach beyond rounding; within rounding it is SevRounding
	Desc     string   // one line in Chinese
	run      func(*checker)
}

// rules are the checks, in the order they run: within one table, between
// tables, the text against the figures, and the words.
var rules = []Rule{
	// Within one table (check_table.go, check_columns.go).
	{"table.parent_sum", SevError, "上级科目等于下级科目之和：类 = Σ款，款 = Σ项", (*checker).parentSums},
	{"table.total_sum", SevError, "合计行等于各一级科目（类）之和", (*checker).totalSums},
	{"table.subtotal", SevError, "分段列示的表中，小计等于其下各行之和，总计等于各小计之和", (*checker).subtotalSections},
	{"table.grand_total", SevError, "总计 = 本年合计 + 结转结余等各行（决算：本年支出 + 结余分配 + 年末结转和结余 = 总计）", (*checker).grandTotals},
	{"table.balance", SevError, "收支总表收入总计等于支出总计", (*checker).balances},
	{"table.basic_project", SevError, "支出合计 = 基本支出 + 项目支出（及上缴上级、经营、对附属单位补助支出等）", columnRule(basicProject)},
	{"table.personnel_public", SevError, "基本支出合计 = 人员经费 + 公用经费", columnRule(personnelPublic)},
	{"table.income_sources", SevError, "收入合计 = 财政拨款 + 事业收入 + 经营收入 + 其他收入等各项收入", columnRule(incomeSources)},
	{"table.fund_sources", SevError, "财政拨款合计 = 一般公共预算 + 政府性基金预算 + 国有资本经营预算", columnRule(fundSources)},
	{"table.sangong", SevError, "“三公”经费 = 因公出国（境）费 + 公务接待费 + 公务用车购置及运行维护费", columnRule(sanGongParts)},
	{"table.meetings", SevError, "“三公”经费、会议费、培训费表的合计 = “三公”经费 + 会议费 + 培训费", columnRule(sanGongMeetings)},
	{"table.car", SevError, "公务用车购置及运行维护费 = 公务用车购置费 + 公务用车运行维护费", columnRule(carParts)},
	{"table.column_sum", SevError, "表中其他合计列等于其组成列之和（由表中数据确认的关系）", (*checker).confirmedColumns},
	{"table.empty_note", SevWarning, "空表应注明“本表无数据”或说明原因", (*checker).emptyNotes},
	// Between tables (check_cross.go).
	{"cross.same_code", SevError, "同一科目在同口径的两张表中金额一致，窄口径（一般公共预算）不大于宽口径", (*checker).sameCode},
	{"cross.summary_income", SevError, "收支总表的本年收入等于收入总表合计", (*checker).summaryIncome},
	{"cross.summary_expense", SevError, "收支总表的本年支出等于支出总表合计", (*checker).summaryExpense},
	{"cross.fiscal_gpb", SevError, "财政拨款收支总表的一般公共预算支出等于一般公共预算支出表", (*checker).fiscalGPB},
	{"cross.gpb_basic", SevError, "一般公共预算支出表的基本支出等于基本支出表合计", (*checker).gpbBasic},
	{"cross.personnel", SevError, "人员经费 = 工资福利支出(301) + 对个人和家庭的补助(303)，公用经费 = 商品和服务支出(302) + 资本性支出(310)", (*checker).personnelClasses},
	// The text against the figures (check_text.go, check_parts.go,
	// check_vs_table.go, check_direction.go, check_item.go).
	{"text.vs_table", SevError, "文字中的金额与表中同一项目的金额一致", (*checker).textVsTables},
	{"text.growth", SevError, "所写增减百分比与所列金额相符（容差为末位半个单位）", (*checker).growth},
	{"text.item_amount", SevError, "逐项说明中，项目标题的金额与“本年预算安排”的金额一致", (*checker).itemAmounts},
	{"text.change", SevError, "所写增减额等于本年数减上年数", (*checker).changes},
	{"text.direction", SevError, "增加/减少、增长/下降、持平、大于/小于/等于等用词与金额相符", (*checker).directions},
	{"text.completion", SevError, "所写完成预算的百分比等于决算数 ÷ 预算数", (*checker).completions},
	{"text.share", SevError, "所写占比与所列金额相符", (*checker).shares},
	{"text.parts", SevError, "文字所列总数等于其组成部分之和", (*checker).parts},
	{"text.basic_parts", SevError, "文字所列人员、公用等支出之和等于表中基本支出", (*checker).basicPartsRule},
	{"text.sangong_parts", SevError, "文字所列“三公”经费等于其各项之和", (*checker).sanGong},
	{"text.repeat", SevError, "两个项目的增减说明（金额、原因）完全相同，疑为复制", (*checker).repeats},
	{"text.empty_table", SevError, "文字列出的金额所对应的表为空表", (*checker).emptyTableFigures},
	// The words (check_words.go).
	{"doc.missing_table", SevWarning, "目录列出的表在文档中缺失", (*checker).listed},
	{"doc.year", SevError, "标题、表名写的年度与文件年度一致", (*checker).headingYears},
	{"doc.self_compare", SevError, "预算与上年比较，不与本年度自身比较（如2026年预算写“比2026年”）", (*checker).selfCompare},
	{"doc.as_of", SevError, "“截至…年…月…日”的年份与文件年度相符（决算为本年，预算为上年）", (*checker).asOfDates},
	{"doc.placeholder", SevError, "没有“XX”等未替换的占位符", (*checker).placeholders},
	{"doc.department", SevError, "标题、表头中的部门名称与封面一致", (*checker).departments},
	{"text.punctuation", SevError, "没有重复或残缺的标点（“。。”“，。”）", (*checker).punctuation},
	{"text.empty_reason", SevError, "“主要原因是”之后写明原因", (*checker).emptyReasons},
}

// Rules returns the rules Check runs, in order.
func Rules() []Rule {
	out := make([]Rule, len(rules))
	copy(out, rules)
	return out
}
