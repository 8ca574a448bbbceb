"""The problem catalogue: every code roledocs reports, its severity, title and help, as data.

Every problem has a stable code so users can look it up in docs/errors.md (generated from
this table by `python scripts/make_errors_doc.py`; a test checks they agree) and CI can filter on it:
RD1xx reading files, RD2xx schema, RD3xx cross-file rules, RD4xx the importer, RD5xx health
checks (roledocs lint), RD6xx versions, RD7xx job postings and fair hiring.

Callers create problems with `problem(code, message, file, …)`: the severity comes from
the catalogue, never from the call site. The validator never prints: it returns these.
"""
from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Literal

Severity = Literal["error", "warning", "notice"]

# notice: a health-check hint (roledocs lint) that never fails a build
SEVERITY_LABEL = {"error": "错误", "warning": "警告", "notice": "提醒"}
SEVERITY_RANK = {"notice": 0, "warning": 1, "error": 2}


@dataclass(frozen=True)
class Spec:
    """One entry of the catalogue: what a code means and how to fix what it reports."""

    code: str
    severity: Severity  # the default; only roledocs lint lets a project change it
    title: str          # short Chinese name
    explanation: str    # what it means (Markdown, for docs/errors.md)
    fix: str            # how to fix it (Markdown)

    @property
    def anchor(self) -> str:
        """"rd101": the code's anchor in docs/errors.md."""
        return self.code.lower()


_LINT = "见[知识库体检](lint.md#{})"

CATALOGUE: dict[str, Spec] = {spec.code: spec for spec in [
    # ── RD1xx: reading files ─────────────────────────────────────────────────
    Spec("RD101", "error", "文件不是 UTF-8 编码",
         "文件不是 UTF-8 编码（常见于在 Windows 记事本或 Excel 中另存的 GBK / GB18030 文件）",
         "在 VS Code 右下角点击编码 →「通过编码保存」→ UTF-8；或 `iconv -f GBK -t UTF-8 旧文件 > 新文件`"),
    Spec("RD102", "error", "YAML 语法错误",
         "YAML 语法错误：引号没有闭合、缩进不齐、键不是文字，或用了 `!!python/…` 之类的标签",
         "看提示所指的行及上一行；文字中有冒号或 `#` 时用引号括起来"),
    Spec("RD103", "error", "重复的键",
         "同一个映射中重复的键。YAML 只会保留一个值，另一个会悄悄丢失，所以这里是错误",
         "合并两处内容，或删除多余的一处（消息中给出了两处的行号）"),
    Spec("RD104", "error", "使用了制表符缩进",
         "用制表符（Tab）缩进。YAML 只允许空格",
         "把 Tab 换成两个空格；VS Code 中本项目已设置为用空格缩进"),
    Spec("RD105", "error", "键后面用了全角冒号",
         "键后面用了全角冒号“：”（中文输入法常见），例如 `summary：负责……`",
         "改成半角冒号加空格：`summary: 负责……`"),
    Spec("RD106", "error", "文件为空",
         "文件是空的，或只有注释",
         "填写内容，或删除这个文件"),
    Spec("RD107", "error", "文件顶层不是键值映射",
         "文件顶层不是“键: 值”映射（例如以“- ”开头的列表）",
         "第一行应是 `id: 岗位编号`"),
    Spec("RD108", "error", "别名展开过多（疑似别名炸弹）或嵌套过深",
         "锚点（`&`）和别名（`*`）展开后内容过多（“别名炸弹”），或嵌套超过 64 层",
         "岗位文件不需要锚点和别名，直接写出内容"),
    Spec("RD109", "error", "文件无法读取",
         "文件无法读取（不存在、失效的符号链接、没有读取权限）",
         "检查文件和权限"),
    Spec("RD110", "warning", "文件位置不对",
         "文件位置不对：`roles/` 顶层只应有 `_departments.yaml` 等特殊文件，岗位文件放在部门文件夹中",
         "把岗位文件移到 `roles/<部门编号>/`"),
    Spec("RD111", "error", "文件过大",
         "文件过大：超过 10 MB（读取前就检查，文件不会被读取），或其中的值超过 500,000 个",
         "检查是否误粘贴了大量内容；上限见[安全与健壮性](security.md#输入限制)"),
    Spec("RD112", "error", "内容超出上限",
         "内容超出上限：一段文字超过 10,000 个字符、编号超过 64 个字符，或一个列表的项数超过上限"
         "（岗位文件中的列表最多 200 项）。消息指向这段文字或这个列表的键所在的行",
         "精简或拆分内容；各项上限见[安全与健壮性](security.md#输入限制)"),
    Spec("RD113", "error", "含有不可见的控制字符",
         "含有不可见的控制字符，例如 U+001B（ESC）、U+0007（BEL）、U+0000（NUL）、U+007F（DEL）、U+0080–U+009F "
         "或 U+FFFE / U+FFFF。它们会让 Word 文件无法生成、让终端显示错乱。双引号中的转义写法（`\"\\e\"`、`\"\\x07\"`、"
         "`\"\\0\"`）也算。消息写出字符的编号",
         "删除这个字符；VS Code 中用“查找”、勾选正则表达式，搜索 `[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f]`"),
    Spec("RD114", "error", "符号链接指向项目之外",
         "符号链接指向项目文件夹之外：这个文件（或文件夹）没有被读取",
         "把内容复制到项目中，或删除这个链接；见[符号链接](security.md#符号链接)"),
    Spec("RD115", "error", "别名把保密内容带出保密字段",
         "别名（`*`）引用了保密字段（`compensation`、`review_notes`）中的锚点（`&`），保密内容会被带到公开的字段中",
         "直接写出这里的内容；保密字段中的锚点只能在同一个保密字段中引用，见[保密字段](security.md#保密字段)"),
    Spec("RD116", "warning", "一行文字接在了上一项后面",
         "没有引号的文字可以写成多行，多出来的行会接到上一行后面；这一行以“- ”或“键: ”开头，多半本来是"
         "新的一项或新的键，却因为多缩进了（哪怕一个空格）而变成了上一项文字的一部分",
         "让这一行与上一项的“- ”（或上一个键）对齐；如果它确实是上一项文字的一部分，请给整段文字加引号"),
    # ── RD2xx: the schema ────────────────────────────────────────────────────
    Spec("RD201", "error", "未知的键",
         "未知的键，例如把 `duties` 写成 `dutise`。未知的键不会被使用，所以是错误",
         "提示会给出最接近的正确写法；字段列表见编辑器的自动补全"),
    Spec("RD202", "error", "缺少必填项",
         "缺少必填项（岗位文件必填：`id`、`title`、`department`、`category`、`status`、`reports_to`、`summary`、`duties`）",
         "按提示补上"),
    Spec("RD203", "error", "值的类型不对",
         "值的类型不对，例如应为数字却写了文字、应为列表却写了一段话、冒号后面什么都没写",
         "列表每项以“- ”开头；纯数字的文字（如版本号 `\"1.0\"`）要加引号"),
    Spec("RD204", "error", "值不在允许的选项中",
         "值不在允许的选项中，例如 `category: 销售类`",
         "从消息列出的选项中选一个"),
    Spec("RD205", "error", "格式不对",
         "格式不对或为空，例如编号含大写字母、日期不是 `2026-01-01` 形式",
         "编号只用小写字母、数字和连字符"),
    Spec("RD206", "error", "数值超出范围",
         "数值超出范围，例如权重大于 100",
         "按消息中的范围填写"),
    Spec("RD207", "error", "列表项数不对",
         "列表项数不对（例如 `duties` 至少一项）或有重复的项",
         "补充或删除重复项"),
    Spec("RD208", "error", "不符合结构要求",
         "其他不符合结构要求的情况",
         "按消息修改"),
    # ── RD3xx: rules across files ────────────────────────────────────────────
    Spec("RD301", "error", "编号重复",
         "编号重复：两个文件用了同一个 `id`",
         "给其中一个换编号（并改文件名）"),
    Spec("RD302", "error", "编号与文件名不一致",
         "`id` 与文件名不一致（`sales-rep.yaml` 的 `id` 必须是 `sales-rep`）",
         "改 `id` 或重命名文件"),
    Spec("RD303", "error", "引用的部门不存在",
         "引用的部门不存在",
         "在 `roles/_departments.yaml` 中添加，或改成已有的部门编号"),
    Spec("RD304", "error", "引用的上级不存在",
         "`reports_to` / `dotted_line_to` 引用的上级不存在",
         "写已有岗位的编号，或在 `roles/_positions.yaml` 中添加外部职位（如总经理）"),
    Spec("RD305", "error", "汇报关系出现循环",
         "汇报关系出现循环（A 向 B 汇报，B 又向 A 汇报）",
         "消息列出了整条环路，改其中一个 `reports_to`"),
    Spec("RD306", "error", "引用的考核指标不存在",
         "引用的考核指标不存在",
         "在 `roles/_kpis.yaml` 中定义，或改成已有指标的编号"),
    Spec("RD307", "error", "考核权重之和不是 100",
         "考核权重之和不是 100（只要有一个指标写了权重，就要全部写，且合计 100）",
         "按提示中的算式调整"),
    Spec("RD308", "error", "指标的合格线与优异线方向矛盾",
         "合格线与优异线与指标方向矛盾：越高越好（higher）的指标，优异线不能低于合格线；越低越好（lower）的相反",
         "对调两个值，或检查指标方向"),
    Spec("RD309", "error", "职责时间占比之和不是 100",
         "职责的时间占比（`share`）之和不是 100（全部职责都写了占比时检查）",
         "调整占比"),
    Spec("RD310", "error", "部门职能引用的岗位不存在",
         "部门职能分解中引用的岗位不存在",
         "改成已有岗位的编号"),
    Spec("RD311", "error", "职业发展引用的岗位不存在",
         "职业发展（`career`）引用的岗位不存在",
         "改成已有岗位或外部职位的编号"),
    Spec("RD312", "error", "流程引用的岗位不存在",
         "流程（`_processes.yaml`）中引用的岗位不存在",
         "改成已有岗位的编号"),
    Spec("RD313", "warning", "岗位文件不在所属部门的文件夹中",
         "岗位文件不在所属部门的文件夹中",
         "把文件移到 `roles/<department>/`"),
    Spec("RD314", "error", "部门引用不存在",
         "部门的上级部门或负责人引用不存在",
         "改成已有的部门或岗位编号"),
    Spec("RD315", "warning", "正式岗位仍有待核对事项",
         "岗位已生效（`status: active`），但 `review_notes`（待核对事项）还没有处理完",
         "逐条核对后删除，或把 `status` 改回 `draft`"),
    Spec("RD316", "warning", "只有部分职责填写了时间占比",
         "有的职责写了时间占比（`share`），有的没有写：占比之和无法检查",
         "要么每项职责都写 `share`（合计 100），要么都不写"),
    Spec("RD317", "error", "印刷的字段中有导入说明",
         "岗位已不是草稿，但会印在岗位说明书中的字段里还有导入时留下的说明或占位文字"
         "（「待补充」「请在 _kpis.yaml 中添加」「原文指标：」「请核对」……）",
         "按说明处理后删掉这段文字；给人力资源部看的说明只写在 `review_notes`（待核对事项）中"),
    Spec("RD318", "warning", "还有待填写的内容",
         "`roledocs new` 生成的草稿岗位或新指标中，还有标着「【待填写】」的占位文字。"
         "岗位仍是草稿时这是提醒；改成 `status: active` 时仍未填写，会报 RD317（错误）",
         "把「【待填写】」和后面的提示换成真实内容"),
    Spec("RD319", "warning", "文字中写的上级与直接上级不一致",
         "岗位的文字（岗位目的、职责……）写着“在客服主管的指导下”“向销售经理汇报”，而 `reports_to` 是另一个岗位："
         "多半是调整了汇报关系，文字没有跟着改，印出来的岗位说明书前后矛盾",
         "改汇报关系时同时修改这段文字；如果说的是业务指导而不是汇报，请把它写进 `dotted_line_to`（虚线汇报）"),
    Spec("RD320", "error", "接替岗位不存在",
         "已停用岗位的 `successor`（接替岗位）引用的岗位不存在",
         "写 roles/ 中接替这项工作的岗位的编号（`roledocs list` 列出所有编号）"),
    Spec("RD321", "warning", "接替岗位已停用或是草稿",
         "`successor`（接替岗位）指向的岗位本身已停用或还是草稿：岗位说明书和网站会让读者去找一个不再使用或尚未发布的岗位",
         "改成现在真正接替这项工作的岗位；接替岗位还在起草时，等它生效后再检查一次"),
    # ── RD4xx: importing legacy job descriptions (roledocs import) ──────────
    Spec("RD401", "error", "旧文件无法读取",
         "文件无法作为岗位说明书读取：类型不支持、已损坏、编码无法识别或超过大小上限",
         "按消息处理：旧的 .doc / .xls 在 Word / Excel 中另存为 .docx / .xlsx，文本文件另存为 UTF-8，大文件拆开"),
    Spec("RD402", "error", "PDF 没有文字层（扫描件）",
         "PDF 的页面是图片（扫描件或照片），没有可以提取的文字，导入只会得到空草稿",
         "用 Word 或 OCR 软件（如 `ocrmypdf --language chi_sim 原文件.pdf 新文件.pdf`）识别文字后再导入，"
         "或找到原始的 Word / Excel 文件"),
    Spec("RD403", "error", "文件有密码保护",
         "PDF 或 Excel 文件设置了打开密码（加密），无法读取内容",
         "用密码打开后另存一份没有密码的副本再导入"),
    Spec("RD404", "error", "没有找到岗位",
         "文件中没有岗位名称、岗位职责等可以识别的内容，没有生成草稿",
         "确认文件是岗位说明书；表格的表头要写明「岗位名称」「岗位职责」之类的栏目名称"),
    Spec("RD405", "warning", "只有标题没有内容",
         "找到了像岗位名称的标题，但下面没有职责、任职资格等内容（多半是文章标题），没有生成草稿",
         "不需要处理；确是岗位时，把它的内容放到标题下面再导入"),
    Spec("RD406", "warning", "必填字段是占位内容",
         "原文没有写这个必填字段，草稿中填了占位内容（`todo` 或「待补充」），待核对事项中写明了要做什么",
         "按 `review_notes` 填写真实内容；占位内容留到岗位生效会被 RD317 或引用检查报出"),
    Spec("RD407", "warning", "推测的值",
         "原文没有明确写出，草稿中的值是推测的（按岗位名称推测的类别、从知识库同名岗位取来的部门、几个上级中选了一个……）",
         "核对这个值，确认后删掉对应的待核对事项"),
    Spec("RD408", "warning", "知识库中找不到的名称",
         "原文写的部门、直接上级、虚线汇报或晋升岗位在知识库中找不到，无法换成编号；原文保留在草稿中",
         "填写已有的编号，或先在 `_departments.yaml` / `_positions.yaml` 中添加，或先导入那个岗位"),
    Spec("RD409", "warning", "考核指标不在指标库中",
         "原文的考核指标在 `_kpis.yaml` 中找不到（名称和别名都不相同），草稿中的指标编号是按名称生成的；"
         "有相近的指标时，消息和待核对事项中会列出",
         "改用列出的相近指标的编号（并把原文名称加为它的别名），或在 `_kpis.yaml` 中添加这个指标"),
    Spec("RD410", "warning", "考核权重合计不是 100",
         "原文的考核权重加起来不是 100%，或只有部分指标写了权重",
         "按原文核对权重；校验要求填写的权重合计为 100"),
    Spec("RD411", "warning", "考核指标重复",
         "同一个考核指标在原文中出现了不止一次，草稿只保留第一次",
         "核对两处的权重和标准，必要时手工合并"),
    Spec("RD412", "warning", "考核标准方向与指标库不一致",
         "原文的合格 / 优秀标准表示“越低越好”，指标库中这个指标却是“越高越好”（或者相反）",
         "核对是不是对应错了指标，或原文的标准写反了"),
    Spec("RD413", "warning", "知识库中已有同名岗位",
         "知识库中已有这个名称（或别名）的岗位，草稿沿用它的编号，可以用来对照更新",
         "对照草稿修改已有的岗位文件，不要把草稿另存进 roles/（编号会重复）"),
    Spec("RD414", "warning", "草稿文件名已被占用",
         "同名的草稿文件已被另一个来源的草稿使用，本草稿的编号和文件名加了序号（-2、-3……）",
         "两个草稿说的是同一个岗位时合并它们，否则把编号改成能区分的名称"),
    Spec("RD415", "warning", "未使用的原文",
         "这一行（或这一行中的一部分，例如一个目标值）没有放进草稿的任何字段。"
         "导入的原则是原文的每个字要么在草稿中，要么列在这里",
         "把这段文字手工放进合适的字段，或确认不需要后忽略"),
    Spec("RD416", "warning", "不属于任何岗位的原文",
         "这一行在所有岗位之外（文章标题、前言、另一篇文章……），没有放进任何草稿",
         "确认不需要；若属于某个岗位，手工放进它的草稿"),
    Spec("RD417", "error", "草稿已存在且内容不同，未覆盖",
         "输出文件夹中已有这个草稿，内容与这次导入的结果不同（多半是人力资源部已经修改过），没有覆盖",
         "保留修改就不用处理；要用新导入的内容替换时加 `--force` 重新运行"),
    Spec("RD418", "error", "草稿不符合字段规范",
         "导入生成的草稿没有通过 Schema 检查。这是导入程序的缺陷，草稿仍已写出",
         "按消息修改草稿，并把原文件报告给维护者"),
    Spec("RD419", "error", "草稿无法写入",
         "草稿文件无法写入输出文件夹（权限、磁盘已满……），这个文件的其余草稿也没有写",
         "检查输出文件夹的权限和磁盘空间后重新运行"),
    # ── RD5xx: health checks (roledocs lint; names and families in roledocs.lint.registry) ──
    Spec("RD501", "warning", "职责交叉", "两个平级或无关岗位的职责、任务说的是同一件事", _LINT.format("rd501")),
    Spec("RD502", "notice", "上下级职责重复",
         "上级和直接下级写了同一句职责（动词相同，没有分出组织 / 执行的层次）", _LINT.format("rd502")),
    Spec("RD503", "warning", "岗位内重复", "同一岗位中，任务重复了所属职责的说明或另一条任务", _LINT.format("rd503")),
    Spec("RD511", "error", "部门职能无人承担",
         "_departments.yaml 中的职能或职能分项没有写明任何承担岗位", _LINT.format("rd511")),
    Spec("RD512", "warning", "岗位未承担部门职能", "岗位没有出现在任何部门的职能分解中", _LINT.format("rd512")),
    Spec("RD513", "error", "流程步骤无人负责", "_processes.yaml 中的流程步骤没有写明参与岗位", _LINT.format("rd513")),
    Spec("RD514", "warning", "部门没有负责人", "部门没有填写负责岗位（head）", _LINT.format("rd514")),
    Spec("RD521", "warning", "就业歧视风险",
         "任职资格中有性别、户籍、民族、宗教、传染病病原携带、残疾、婚育等限制（引用法律条文）", _LINT.format("rd521")),
    Spec("RD522", "notice", "年龄等限制",
         "任职资格中有年龄限制，或公平招聘规则中级别为“提示”的要求（如相貌）", _LINT.format("rd522")),
    Spec("RD531", "warning", "指标定义不完整", "指标库中的指标缺少计算公式、单位或数据来源", _LINT.format("rd531")),
    Spec("RD532", "warning", "指标无人使用", "指标库中的指标没有任何岗位使用", _LINT.format("rd532")),
    Spec("RD533", "warning", "考核指标数量不当", "岗位的考核指标少于下限或多于上限（默认 3–8 个）", _LINT.format("rd533")),
    Spec("RD534", "error", "指标标准与单位矛盾",
         "百分比指标的合格线或优异线超出合理范围（默认高于 200% 或低于 0）", _LINT.format("rd534")),
    Spec("RD541", "warning", "管理幅度过大", "一名管理者的直接下属人数超过上限（默认 15 人）", _LINT.format("rd541")),
    Spec("RD542", "warning", "单线管理层级",
         "管理者只有一个定员为 1 人的直接下级岗位，且处在较长的汇报链上", _LINT.format("rd542")),
    Spec("RD543", "warning", "游离岗位", "岗位在知识库中没有上级岗位，也不带下级，且不是部门负责人", _LINT.format("rd543")),
    Spec("RD544", "warning", "部门编制不符", "部门内各岗位定员之和与部门编制（headcount）不一致", _LINT.format("rd544")),
    Spec("RD545", "warning", "复审日期已过", "岗位的下次复审日期（review_due）已经过去", _LINT.format("rd545")),
    Spec("RD546", "warning", "草稿版本号异常", "岗位仍是草稿（draft），文件版本号却已是 1.0 或更高", _LINT.format("rd546")),
    Spec("RD551", "warning", "职责没有动词", "职责说明或任务中没有表示动作的动词", _LINT.format("rd551")),
    Spec("RD552", "warning", "任务过长或过短", "任务的字数超出范围（默认 6–100 个字）", _LINT.format("rd552")),
    Spec("RD553", "warning", "空泛表述",
         "“负责相关工作”之类的空话，或一个岗位中不止一次出现“其他工作”", _LINT.format("rd553")),
    Spec("RD554", "warning", "交付物写法不一",
         "同一交付物在不同地方写法不同（《客户档案》与 客户档案）", _LINT.format("rd554")),
    Spec("RD555", "notice", "中英文混用", "中文里夹了英文词，而术语表中有对应的中文术语", _LINT.format("rd555")),
    Spec("RD590", "warning", "例外标记有误",
         "roledocs-lint 标记缺少原因、写了不存在的检查，或没有抑制任何问题", _LINT.format("rd590")),
    # ── RD6xx: versions (roledocs validate --since) ──────────────────────────
    Spec("RD601", "error", "内容有修改但版本号没有提高",
         "岗位内容（职责、任职资格、考核指标、汇报关系……）自基准版本以来有修改，但 `document.version` 没有提高。"
         "消息列出改了什么",
         "`roledocs bump 岗位编号 --change \"修订说明\"`（重大修改加 `--major`）"),
    Spec("RD602", "error", "版本已提高但缺少修订记录",
         "版本号已提高，但 `document.history` 中没有这个版本的修订记录",
         "添加一条 `version`（与新版本相同）、`date`、`change`；`roledocs bump` 会自动添加"),
    Spec("RD603", "error", "版本号比基准版本低",
         "版本号比基准版本中的低",
         "改回原来的版本号或更高"),
    Spec("RD604", "warning", "共用文件的修改改变了岗位说明书",
         "共用文件（`_kpis.yaml`、`_departments.yaml`）的修改改变了这个岗位的说明书（例如考核指标的定义），版本没有提高",
         "需要重新签署时提高版本；否则可以忽略"),
    Spec("RD605", "warning", "基准版本有错误，版本规则未检查",
         "基准版本的知识库按当前的 schema 和规则有错误，无法比较，版本规则没有检查",
         "换一个更近的基准版本，或先合并修正"),
    # ── RD7xx: job postings and fair hiring (roledocs render -f posting) ─────
    Spec("RD701", "error", "招聘条件违反公平就业规定",
         "招聘条件含有法律禁止的内容：性别（限男性、男性优先、女士）、户籍（本地户口）、民族、宗教信仰、"
         "传染病病原携带（乙肝、无传染病）、残疾、婚育状况（已婚已育、未婚）。消息引用违反的法律条文",
         "删去这项要求；岗位确有法定例外（如女职工禁忌劳动范围、需要健康证明的食品岗位）时，写明依据而不是写身份条件"),
    Spec("RD702", "warning", "招聘条件含有年龄限制",
         "年龄上限（35岁以下、25-35岁、90后）：没有全国性法律条文禁止，但与岗位无关的年龄门槛是常见的就业歧视",
         "删去年龄上限，改写需要的经验或能力"),
    Spec("RD703", "notice", "招聘条件含有与岗位无关的外貌要求",
         "与岗位无关的外貌、身高、体重要求（五官端正、形象气质佳、身高165cm以上）",
         "改成可以做到的要求，如「仪表整洁、注重职业形象」"),
    Spec("RD704", "warning", "没有设置应聘方式",
         "`mkdocs.yml` 中没有设置应聘方式（`extra.roledocs.apply`），启事中用了占位文字",
         "在 `mkdocs.yml` 的 `extra:` 下写 `roledocs: {apply: 请将简历发送至……}`"),
]}

# code → short Chinese name (the older view of the catalogue)
CODES: dict[str, str] = {code: spec.title for code, spec in CATALOGUE.items()}


@dataclass(frozen=True)
class Problem:
    """One problem found in one file, at a line and column when known. Create it with `problem()`."""

    code: str
    severity: Severity
    message: str
    file: str  # path relative to the knowledge-base root's parent, with "/"
    line: int | None = None  # 1-based
    column: int | None = None  # 1-based
    path: str = ""  # JSON path inside the document, e.g. "$.duties[2].title"
    hint: str = ""

    def as_tuple(self) -> tuple:
        """The fields as plain values (kept in the parse cache); `Problem.from_tuple` reverses it."""
        return (self.code, self.severity, self.message, self.file, self.line, self.column, self.path, self.hint)

    @classmethod
    def from_tuple(cls, fields: tuple) -> Problem:
        """The problem `as_tuple` gave: the severity it was made with, not chosen anew."""
        return cls(*fields)

    @property
    def is_error(self) -> bool:
        """Whether it is an error (fails the command), not a warning or notice."""
        return self.severity == "error"

    @property
    def title(self) -> str:
        """The code's short Chinese name from the catalogue."""
        spec = CATALOGUE.get(self.code)
        return spec.title if spec else ""

    def location(self) -> str:
        """"file:line:column", as far as known."""
        if self.line is None:
            return self.file
        return f"{self.file}:{self.line}" if self.column is None else f"{self.file}:{self.line}:{self.column}"

    def to_dict(self) -> dict:
        """The problem as JSON-ready data, with the code's title and its docs anchor."""
        return dict(zip(JSON_KEYS, self.json_values()))

    def json_values(self) -> tuple:
        """The values of `to_dict`, in the order of `JSON_KEYS` (a report of 28,000 problems is
        written without a mapping for each: roledocs.reporters)."""
        spec = CATALOGUE.get(self.code)
        if spec is None:
            return (*self.as_tuple(), "", "")
        return (*self.as_tuple(), spec.title, f"docs/errors.md#{spec.anchor}")

    def sort_key(self) -> tuple:
        """Order of problems in a report: file, line, column, code."""
        return (self.file, self.line or 0, self.column or 0, self.code)


_FIELDS = tuple(f.name for f in fields(Problem))  # in the order of Problem.as_tuple (asdict copies deeply: slow)
JSON_KEYS = (*_FIELDS, "title", "docs")  # of Problem.to_dict


def problem(code: str, message: str, file: str, line: int | None = None, column: int | None = None,
            path: str = "", hint: str = "") -> Problem:
    """A `Problem` with the severity the catalogue gives `code` (KeyError for a code not in it)."""
    return Problem(code, CATALOGUE[code].severity, message, file, line, column, path, hint)


def shorten(text, limit: int = 40) -> str:
    """A value quoted in a message, cut short: messages name things, they do not repeat files."""
    text = str(text)
    return text if len(text) <= limit else text[:limit] + "…"


def json_path(parts: tuple) -> str:
    """("duties", 2, "title") → "$.duties[2].title"."""
    out = "$"
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out
