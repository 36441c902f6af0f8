"""The first-run wizard, shown on a fresh database: no account, no student.

Pages: school (name, code, 部別, 科別) and the current term (suggested: the calendar term of today)
→ caps and who submits (提交分工; the school's preset sets both) → letterhead and return address →
the administrator → backups → "立即匯入名冊" or "使用示範資料探索". Each page checks its own fields
when the user presses Next; nothing is written until Finish, which calls
:func:`services.school_setup.apply_first_run` (one transaction) and signs the administrator in,
both on a worker through the wizard's own op runner (no session exists yet, as in the sign-in dialog).
Cancel writes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtWidgets import QLabel, QRadioButton, QVBoxLayout, QWidget, QWizard, QWizardPage

from portfolio_desktop.domain import passwords as pw
from portfolio_desktop.errors import PortfolioError
from portfolio_desktop.gui.changes import ChangeBus
from portfolio_desktop.gui.messages import message
from portfolio_desktop.gui.ops import OpRunner
from portfolio_desktop.gui.secret_prompt import ensure_secret_store
from portfolio_desktop.gui.admin.setup_forms import (
    AdminForm,
    BackupForm,
    CapsForm,
    LetterheadForm,
    SchoolForm,
    SubmitRolesForm,
    TermForm,
)
from portfolio_desktop.services.accounts import accounts
from portfolio_desktop.services.admin import school_setup
from portfolio_desktop.services.context import Actor
from portfolio_desktop.services.admin.school_setup import FirstRunSetup
from portfolio_desktop.store.engine import Database

CHOICE_IMPORT, CHOICE_DEMO = "import", "demo"
PAGE_SCHOOL, PAGE_CAPS, PAGE_LETTERHEAD, PAGE_ADMIN, PAGE_BACKUP, PAGE_FINISH = range(6)


def _error_label(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setObjectName("error")
    label.setWordWrap(True)
    label.setStyleSheet("color: #b00020")
    return label


class FormPage(QWizardPage):
    """A page showing one or more forms; ``check`` raises a PortfolioError to keep the user here."""

    def __init__(self, title: str, subtitle: str, forms: list[QWidget], check: Callable[[], None] | None = None,
                 on_enter: Callable[[], None] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(title)
        self.setSubTitle(subtitle)
        self._check, self._on_enter = check, on_enter
        self.error = _error_label(self)
        layout = QVBoxLayout(self)
        for form in forms:
            layout.addWidget(form)
        layout.addWidget(self.error)

    def initializePage(self) -> None:  # noqa: N802 - Qt override
        self.error.clear()
        if self._on_enter is not None:
            self._on_enter()

    def validatePage(self) -> bool:  # noqa: N802 - Qt override
        self.error.clear()
        if self._check is None:
            return True
        try:
            self._check()
        except PortfolioError as exc:
            self.error.setText(message(exc))
            return False
        return True


class FirstRunWizard(QWizard):
    """After :meth:`exec` returns Accepted, :attr:`actor` is the signed-in administrator and
    :attr:`choice` is :data:`CHOICE_IMPORT` or :data:`CHOICE_DEMO`."""

    def __init__(self, db: Database, parent: QWidget | None = None, *, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.actor: Actor | None = None
        self.ops = OpRunner(ChangeBus(self), self)  # before a session exists: the wizard's own runner
        self.setObjectName("firstRunWizard")
        self.setWindowTitle(self.tr("第一次使用設定 — 學生學習歷程檔案"))
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        for button, text in ((QWizard.WizardButton.BackButton, self.tr("< 上一步(&B)")),
                             (QWizard.WizardButton.NextButton, self.tr("下一步(&N) >")),
                             (QWizard.WizardButton.FinishButton, self.tr("完成(&F)")),
                             (QWizard.WizardButton.CancelButton, self.tr("取消"))):
            self.setButtonText(button, text)
        self.school = SchoolForm(self)
        self.term = TermForm(self, today=today)
        self.caps = CapsForm(self)
        self.submit = SubmitRolesForm(self)
        # seed 000 / seed 001: the preset chosen for the caps is that school's, so it also says who submits
        self.caps.preset.currentIndexChanged.connect(self._follow_caps_preset)
        self._follow_caps_preset()
        self.letterhead = LetterheadForm(self)
        self.admin = AdminForm(self)
        self.backup = BackupForm(self)

        self.import_choice = QRadioButton(self.tr("立即匯入名冊"), self)
        self.import_choice.setObjectName("importChoice")
        self.import_choice.setChecked(True)
        self.demo_choice = QRadioButton(self.tr("使用示範資料探索"), self)
        self.demo_choice.setObjectName("demoChoice")
        choices = QWidget(self)
        box = QVBoxLayout(choices)
        box.addWidget(QLabel(self.tr("設定完成後要做什麼？（之後都可在「檔案 → 設定」修改上述設定）"), choices))
        box.addWidget(self.import_choice)
        box.addWidget(self.demo_choice)
        box.addStretch()

        self.pages: dict[int, FormPage] = {
            PAGE_SCHOOL: FormPage(self.tr("學校"), self.tr("校名、學校代碼、部別、科別與目前的學年度學期。"),
                                  [self.school, self.term], self._check_school),
            PAGE_CAPS: FormPage(self.tr("件數上限"), self.tr("依貴校補充規定選擇預設值，可再逐項修改。"),
                                [self.caps, self.submit]),
            PAGE_LETTERHEAD: FormPage(self.tr("信頭與回郵地址"), self.tr("印在通知單上的處室、地址與電話。"),
                                      [self.letterhead], self._check_letterhead),
            PAGE_ADMIN: FormPage(self.tr("系統管理者"), self.tr("建立第一個帳號；之後由此帳號新增其他人員。"),
                                 [self.admin], self._check_admin,
                                 on_enter=lambda: self.admin.set_divisions(self.school.divisions())),
            PAGE_BACKUP: FormPage(self.tr("備份"), self.tr("每天第一次開啟及結束時自動備份到這個資料夾。"),
                                  [self.backup], self._check_backup),
            PAGE_FINISH: FormPage(self.tr("完成"), self.tr("按「完成」後才會寫入資料庫；按「取消」不寫入任何資料。"),
                                  [choices]),
        }
        for page_id, page in self.pages.items():
            self.setPage(page_id, page)

    def _follow_caps_preset(self) -> None:
        self.submit.choose_preset(str(self.caps.preset.currentData()))

    # --- page checks -----------------------------------------------------------------------------
    def _check_school(self) -> None:
        profile = school_setup.check_profile(self.school.values())
        if not profile.departments:  # every class and student belongs to one (名冊 科別)
            raise PortfolioError("請至少新增一個科別（例如 普通科）：在「新科別名稱」輸入後按「新增科別」",
                                 "add at least one department (e.g. the general programme): type its name and press Add "
                                 "department")

    def _check_letterhead(self) -> None:
        """The notices' return address cannot be empty: a letter that comes back needs it."""
        values = self.letterhead.values()
        missing = [key for key in ("office", "address") if not values.get(key)]
        if missing:
            raise PortfolioError("請填寫信頭的" + "、".join({"office": "處室", "address": "地址"}[k] for k in missing)
                                 + "：郵寄通知的信頭與退件地址都要用到",
                                 f"fill in the letterhead's {' and '.join(missing)}: "
                                 "the mailed notices print it as the letterhead and the return address")

    def _check_backup(self) -> None:
        choice = self.backup.values()
        if choice.encrypt and not ensure_secret_store(self):
            raise PortfolioError("加密備份需要保存金鑰的地方：請取消勾選加密，或選擇以加密檔案保存",
                                 "encrypted backups need a place for their key: untick encryption, or choose the "
                                 "encrypted file")
        school_setup.check_backup(choice)

    def _check_admin(self) -> None:
        account = self.admin.values()  # raises when the two passwords differ
        name = school_setup.check_username(account.username)
        pw.check_strength(account.password, username=name)

    # --- result ----------------------------------------------------------------------------------
    @property
    def choice(self) -> str:
        return CHOICE_DEMO if self.demo_choice.isChecked() else CHOICE_IMPORT

    def setup(self) -> FirstRunSetup:
        """Everything the pages hold, as the service's dataclass."""
        return FirstRunSetup(
            school=self.school.values(), term=self.term.values(), caps=self.caps.values(),
            letterhead=self.letterhead.values(), admin=self.admin.values(), backup=self.backup.values(),
            submit_roles=self.submit.values(),
        )

    def accept(self) -> None:
        """Finish: write everything in one transaction and sign the administrator in (on a worker);
        the wizard closes when both are done, and stays on the last page with the refusal if not."""
        page = self.pages[PAGE_FINISH]
        page.error.clear()
        try:
            setup = self.setup()
        except PortfolioError as exc:
            page.error.setText(message(exc))
            return
        db = self.db

        def work() -> Actor:
            school_setup.apply_first_run(db, setup)
            return accounts.sign_in(db, setup.admin.username, setup.admin.password)

        # Finish and Cancel wait for the write: a cancel now would close a wizard whose setup is being written
        buttons = [self.button(b) for b in (QWizard.WizardButton.FinishButton, QWizard.WizardButton.CancelButton,
                                            QWizard.WizardButton.BackButton)]
        for button in buttons:
            button.setEnabled(False)

        def done() -> None:
            for button in buttons:
                button.setEnabled(True)

        self.ops.write(work, changes=(), title=self.tr("第一次使用設定"), success=self._done,
                       failure=lambda exc: page.error.setText(message(exc)),
                       done=done, parent=self, progress=self.tr("正在寫入設定…"))

    def _done(self, actor: Actor) -> None:
        self.actor = actor
        self.admin.clear_secrets()
        super().accept()

    def reject(self) -> None:
        if self.ops.busy():  # Esc while the setup is written: it finishes first (all or nothing)
            return
        self.admin.clear_secrets()
        super().reject()


def run_first_run(db: Database, parent: QWidget | None = None) -> tuple[Actor, str] | None:
    """Show the wizard modally: (signed-in administrator, choice), or None when cancelled."""
    wizard = FirstRunWizard(db, parent)
    if wizard.exec() != QWizard.DialogCode.Accepted or wizard.actor is None:
        return None
    return wizard.actor, wizard.choice
