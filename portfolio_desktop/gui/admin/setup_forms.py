"""The forms of the first-run wizard, reused as the tabs of the Settings dialog: school, term, caps,
提交分工 (who submits), letterhead, administrator, backups. Each form shows values and hands back the service dataclasses;
none of them writes anything (services/admin/school_setup.py does, in one transaction)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from portfolio_desktop.domain.items import CAP_RULES, Caps, ItemKind
from portfolio_desktop.domain.roc import term_of
from portfolio_desktop.domain.roles import DIVISION_ROLES, Grant, Role
from portfolio_desktop.errors import RuleError
from portfolio_desktop.gui.labels import label, list_separator, role_name
from portfolio_desktop.gui.messages import pick
from portfolio_desktop.services.item_support import SUBMIT_ROLE_PRESETS
from portfolio_desktop.services.admin.school_setup import CAP_PRESETS, AdminAccount, BackupChoice, SchoolProfile, submit_preset
from portfolio_desktop.store.snapshot import DEFAULT_KEEP

NO_CAP = -1  # the spin boxes' special value: 不設上限 (None in Caps)
# Office roles the wizard offers the administrator (per division where the office is per division).
OFFICE_ROLES = (Role.REGISTRY, Role.ACTIVITIES, Role.DISCIPLINE, Role.ACADEMIC, Role.IT, Role.DEAN)


def _line(parent: QWidget, name: str, text: str = "") -> QLineEdit:
    edit = QLineEdit(text, parent)
    edit.setObjectName(name)
    return edit


class SchoolForm(QWidget):
    """校名, 學校代碼, 部別 (日間部 / 進修部) and the editable list of 科別."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("schoolForm")
        self.name = _line(self, "schoolName")
        self.code = _line(self, "schoolCode")
        self.code.setPlaceholderText(self.tr("教育部學校代碼，例如 213303"))
        self.day = QCheckBox(self.tr("日間部"), self)
        self.day.setObjectName("dayDivision")
        self.day.setChecked(True)
        self.night = QCheckBox(self.tr("進修部"), self)
        self.night.setObjectName("nightDivision")
        self.departments = QListWidget(self)
        self.departments.setObjectName("departments")
        self.new_department = _line(self, "newDepartment")
        self.new_department.setPlaceholderText(self.tr("新科別名稱，例如 普通科"))
        self.new_department.returnPressed.connect(self.add_department)
        add = QPushButton(self.tr("新增科別"), self)
        add.setObjectName("addDepartment")
        add.clicked.connect(self.add_department)
        remove = QPushButton(self.tr("刪除所選"), self)
        remove.setObjectName("removeDepartment")
        remove.clicked.connect(self.remove_department)
        divisions = QHBoxLayout()
        divisions.addWidget(self.day)
        divisions.addWidget(self.night)
        divisions.addStretch()
        adder = QHBoxLayout()
        adder.addWidget(self.new_department)
        adder.addWidget(add)
        adder.addWidget(remove)
        form = QFormLayout(self)
        form.addRow(self.tr("校名"), self.name)
        form.addRow(self.tr("學校代碼"), self.code)
        form.addRow(self.tr("部別"), divisions)
        form.addRow(self.tr("科別（可直接編輯）"), self.departments)
        form.addRow("", adder)
        for signal in (self.name.textChanged, self.code.textChanged, self.day.toggled, self.night.toggled):
            signal.connect(self.changed)

    def _item(self, name: str) -> QListWidgetItem:
        item = QListWidgetItem(name)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        return item

    def add_department(self) -> None:
        name = self.new_department.text().strip()
        if name and name not in self.department_names():
            self.departments.addItem(self._item(name))
        self.new_department.clear()

    def remove_department(self) -> None:
        for item in self.departments.selectedItems():
            self.departments.takeItem(self.departments.row(item))

    def department_names(self) -> list[str]:
        return [self.departments.item(i).text().strip() for i in range(self.departments.count())
                if self.departments.item(i).text().strip()]

    def divisions(self) -> tuple[str, ...]:
        return tuple(code for code, box in (("day", self.day), ("night", self.night)) if box.isChecked())

    def values(self) -> SchoolProfile:
        return SchoolProfile(self.name.text().strip(), self.code.text().strip(), self.divisions(),
                             tuple(self.department_names()))

    def set_values(self, profile: SchoolProfile) -> None:
        self.name.setText(profile.name)
        self.code.setText(profile.code)
        self.day.setChecked("day" in profile.divisions)
        self.night.setChecked("night" in profile.divisions)
        self.departments.clear()
        for name in profile.departments:
            self.departments.addItem(self._item(name))


class TermForm(QWidget):
    """The current 學年度 / 學期. For a fresh school (the wizard) the suggestion is the calendar term of
    today (Aug–Jan 第1學期, Feb–Jul 第2學期); the Settings dialog shows the stored one
    (item_support.current_term) with :meth:`set_values`."""

    def __init__(self, parent: QWidget | None = None, *, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("termForm")
        year, semester = term_of(today or dt.date.today())
        self.year = QSpinBox(self)
        self.year.setObjectName("schoolYear")
        self.year.setRange(100, 250)
        self.year.setValue(year)
        self.semester = QComboBox(self)
        self.semester.setObjectName("semester")
        self.semester.addItem(self.tr("第 1 學期"), 1)
        self.semester.addItem(self.tr("第 2 學期"), 2)
        self.semester.setCurrentIndex(semester - 1)
        form = QFormLayout(self)
        form.addRow(self.tr("學年度"), self.year)
        form.addRow(self.tr("學期"), self.semester)

    def values(self) -> tuple[int, int]:
        return self.year.value(), int(self.semester.currentData())

    def set_values(self, term: tuple[int, int]) -> None:
        year, semester = term
        self.year.setValue(year)
        self.semester.setCurrentIndex(self.semester.findData(semester))


# services.school_setup CAP_PRESETS names (tests/gui/test_translations.py checks they are all here).
PRESET_NAMES = (QT_TRANSLATE_NOOP("CapsForm", "臺南二中 (seed 000)"), QT_TRANSLATE_NOOP("CapsForm", "岡山農工 (seed 001)"))


class CapsForm(QWidget):
    """The five caps, from a per-school preset and then editable (不設上限 = no cap)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("capsForm")
        self.preset = QComboBox(self)
        self.preset.setObjectName("capsPreset")
        for key, (label, _caps) in CAP_PRESETS.items():
            self.preset.addItem(self.tr(label), key)
        self.spins: dict[str, QSpinBox] = {}
        form = QFormLayout(self)
        form.addRow(self.tr("依學校補充規定"), self.preset)
        for rule in CAP_RULES:
            spin = QSpinBox(self)
            spin.setObjectName(rule.key)
            spin.setRange(NO_CAP, 200)
            spin.setSpecialValueText(self.tr("不設上限"))
            self.spins[rule.key] = spin
            form.addRow(pick(rule.zh, rule.en), spin)
        self.preset.currentIndexChanged.connect(self._apply_preset)
        self._apply_preset()

    def _apply_preset(self) -> None:
        self.set_values(CAP_PRESETS[str(self.preset.currentData())][1])

    def choose_preset(self, key: str) -> None:
        self.preset.setCurrentIndex(self.preset.findData(key))
        self._apply_preset()

    def values(self) -> Caps:
        return Caps(**{k: (None if s.value() == NO_CAP else s.value()) for k, s in self.spins.items()})

    def set_values(self, caps: Caps) -> None:
        for key, spin in self.spins.items():
            value = getattr(caps, key)
            spin.setValue(NO_CAP if value is None else value)
        match = next((k for k, (_label, preset) in CAP_PRESETS.items() if preset == caps), None)
        if match is not None and match != self.preset.currentData():
            self.preset.blockSignals(True)
            self.preset.setCurrentIndex(self.preset.findData(match))
            self.preset.blockSignals(False)


class SubmitRolesForm(QWidget):
    """提交分工: which office submits which kind, as one of the per-school presets (seed 000 附表二 五:
    教學組 submits the 課程學習成果; seed 001 §六(二): 註冊組). A division of work set some other way
    (``items.submit_roles`` by hand) shows as 自訂 and is kept unless a preset is chosen."""

    CUSTOM = ""  # the combo's data for 自訂 (kept as it is)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("submitRolesForm")
        self.preset = QComboBox(self)
        self.preset.setObjectName("submitPreset")
        for key in SUBMIT_ROLE_PRESETS:
            self.preset.addItem(QCoreApplication.translate("CapsForm", CAP_PRESETS[key][0]), key)  # PRESET_NAMES
        self.summary = QLabel(self)
        self.summary.setObjectName("submitSummary")
        self.summary.setWordWrap(True)
        self._custom: dict[ItemKind, Role] | None = None
        form = QFormLayout(self)
        form.addRow(self.tr("提交分工"), self.preset)
        form.addRow("", self.summary)
        self.preset.currentIndexChanged.connect(self._show)
        self._show()

    def roles(self) -> dict[ItemKind, Role]:
        """The division of work shown (a preset's, or the custom one loaded)."""
        key = self.preset.currentData()
        if key == self.CUSTOM and self._custom is not None:
            return dict(self._custom)
        return dict(SUBMIT_ROLE_PRESETS[str(key)])

    def _show(self) -> None:
        self.summary.setText(list_separator().join(
            self.tr("{kind}：{office}").format(kind=label(kind), office=role_name(role))
            for kind, role in self.roles().items()))

    def choose_preset(self, key: str) -> None:
        self.preset.setCurrentIndex(self.preset.findData(key))

    def values(self) -> dict[ItemKind, Role] | None:
        """The chosen preset's roles; None while 自訂 is shown (nothing to change)."""
        return None if self.preset.currentData() == self.CUSTOM else self.roles()

    def set_values(self, roles: dict[ItemKind, Role]) -> None:
        custom = self.preset.findData(self.CUSTOM)
        if custom >= 0:
            self.preset.removeItem(custom)
        key = submit_preset(roles)
        if key is None:
            self._custom = dict(roles)
            self.preset.addItem(self.tr("自訂（維持目前設定）"), self.CUSTOM)
            key = self.CUSTOM
        self.preset.setCurrentIndex(self.preset.findData(key))
        self._show()


class LetterheadForm(QWidget):
    """信頭 and the return address printed on notices (the school name comes from the school form)."""

    FIELDS = (("office", QT_TRANSLATE_NOOP("LetterheadForm", "處室")),
              ("postal_code", QT_TRANSLATE_NOOP("LetterheadForm", "郵遞區號")),
              ("address", QT_TRANSLATE_NOOP("LetterheadForm", "地址")),
              ("phone", QT_TRANSLATE_NOOP("LetterheadForm", "電話")))

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("letterheadForm")
        self.edits: dict[str, QLineEdit] = {}
        form = QFormLayout(self)
        for key, label in self.FIELDS:
            self.edits[key] = _line(self, key)
            form.addRow(self.tr(label), self.edits[key])
        self.edits["office"].setText("教務處註冊組")  # not UI: printed on the notices, which are in Chinese

    def values(self) -> dict[str, str]:
        return {k: e.text().strip() for k, e in self.edits.items()}

    def set_values(self, letterhead: dict[str, str]) -> None:
        for key, edit in self.edits.items():
            edit.setText(str(letterhead.get(key, "") or ""))


class AdminForm(QWidget):
    """The administrator: user name, name, password twice, and their own office roles."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("adminForm")
        self.username = _line(self, "adminUsername")
        self.display_name = _line(self, "adminDisplayName")
        self.password = _line(self, "adminPassword")
        self.confirm = _line(self, "adminConfirm")
        for edit in (self.password, self.confirm):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.roles = QListWidget(self)
        self.roles.setObjectName("adminRoles")
        form = QFormLayout(self)
        form.addRow(self.tr("帳號"), self.username)
        form.addRow(self.tr("姓名"), self.display_name)
        form.addRow(self.tr("密碼（至少 8 個字元）"), self.password)
        form.addRow(self.tr("再輸入一次"), self.confirm)
        form.addRow(self.tr("本人的處室職務"), self.roles)
        self.roles_touched = False  # until the user ticks something, the defaults follow the divisions
        self.set_divisions(("day",))
        self.roles.itemChanged.connect(self._touched)

    def _touched(self) -> None:
        self.roles_touched = True

    def set_divisions(self, divisions: tuple[str, ...]) -> None:
        """Offer the offices of the chosen divisions; 註冊組 of each is ticked by default."""
        if self.roles_touched:
            ticked = set(self.grants())
        else:  # default: 註冊組 of each chosen division
            ticked = {Grant(Role.REGISTRY, d) for d in divisions}
        self.roles.blockSignals(True)
        self.roles.clear()
        for role in OFFICE_ROLES:
            for division in (divisions if role in DIVISION_ROLES else (None,)):
                grant = Grant(role, division)
                item = QListWidgetItem(role_name(role, division), self.roles)
                item.setData(Qt.ItemDataRole.UserRole, grant)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked if grant in ticked else Qt.CheckState.Unchecked)
        self.roles.blockSignals(False)

    def grants(self) -> tuple[Grant, ...]:
        return tuple(self.roles.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.roles.count())
                     if self.roles.item(i).checkState() == Qt.CheckState.Checked)

    def values(self) -> AdminAccount:
        if self.password.text() != self.confirm.text():
            raise RuleError("兩次輸入的密碼不同", "the two passwords differ")
        return AdminAccount(self.username.text().strip(), self.display_name.text().strip(), self.password.text(),
                            self.grants())

    def clear_secrets(self) -> None:
        self.password.clear()
        self.confirm.clear()


class BackupForm(QWidget):
    """Where automatic backups go (empty = backups/ beside the database), how many to keep, encrypt."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("backupForm")
        self.folder = _line(self, "backupFolder")
        self.folder.setPlaceholderText(self.tr("留空：資料庫旁的 backups 資料夾"))
        browse = QPushButton(self.tr("瀏覽…"), self)
        browse.setObjectName("browseBackupFolder")
        browse.clicked.connect(self._browse)
        self.keep = QSpinBox(self)
        self.keep.setObjectName("backupKeep")
        self.keep.setRange(1, 1000)
        self.keep.setValue(DEFAULT_KEEP)
        self.encrypt = QCheckBox(self.tr("加密備份檔（金鑰存於作業系統的金鑰圈）"), self)
        self.encrypt.setObjectName("backupEncrypt")
        row = QHBoxLayout()
        row.addWidget(self.folder)
        row.addWidget(browse)
        form = QFormLayout()
        form.addRow(self.tr("備份資料夾"), row)
        form.addRow(self.tr("保留最近幾份"), self.keep)
        form.addRow("", self.encrypt)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addStretch()

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("選擇備份資料夾"), self.folder.text())
        if folder:
            self.folder.setText(folder)

    def values(self) -> BackupChoice:
        return BackupChoice(self.folder.text().strip(), self.keep.value(), self.encrypt.isChecked())

    def set_values(self, choice: BackupChoice) -> None:
        self.folder.setText(choice.folder)
        self.keep.setValue(choice.keep)
        self.encrypt.setChecked(choice.encrypt)
