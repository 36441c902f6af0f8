<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_TW">
<context>
    <name>AccountsPage</name>
    <message>
        <source>新密碼（重設用）</source>
        <translation>New password (for reset)</translation>
    </message>
    <message>
        <source>新增人員…</source>
        <translation>Add Staff…</translation>
    </message>
    <message>
        <source>職務與離職…</source>
        <translation>Roles and Departure…</translation>
    </message>
    <message>
        <source>重設密碼</source>
        <translation>Reset Password</translation>
    </message>
    <message>
        <source>解除鎖定</source>
        <translation>Unlock</translation>
    </message>
    <message>
        <source>人員帳號</source>
        <translation>Staff accounts</translation>
    </message>
    <message>
        <source>已新增 {u}</source>
        <translation>Added {u}</translation>
    </message>
    <message>
        <source>請先選一位人員</source>
        <translation>Select a staff member first</translation>
    </message>
    <message>
        <source>已更新 {u}</source>
        <translation>Updated {u}</translation>
    </message>
    <message>
        <source>已重設 {u} 的密碼，下次登入需變更</source>
        <translation>{u}&apos;s password was reset; it must be changed at the next sign-in</translation>
    </message>
    <message>
        <source>已解除 {u} 的鎖定</source>
        <translation>Unlocked {u}</translation>
    </message>
</context>
<context>
    <name>Action</name>
    <message>
        <source>上傳</source>
        <translation>Upload</translation>
    </message>
    <message>
        <source>認證通過</source>
        <translation>Certify</translation>
    </message>
    <message>
        <source>認證不通過</source>
        <translation>Reject</translation>
    </message>
    <message>
        <source>勾選</source>
        <translation>Select</translation>
    </message>
    <message>
        <source>取消勾選</source>
        <translation>Deselect</translation>
    </message>
    <message>
        <source>提交</source>
        <translation>Submit</translation>
    </message>
    <message>
        <source>確認收訖</source>
        <translation>Confirm Receipt</translation>
    </message>
    <message>
        <source>匯入</source>
        <translation>Import</translation>
    </message>
</context>
<context>
    <name>AdminForm</name>
    <message>
        <source>帳號</source>
        <translation>User Name</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>密碼（至少 8 個字元）</source>
        <translation>Password (at least 8 characters)</translation>
    </message>
    <message>
        <source>再輸入一次</source>
        <translation>Confirm</translation>
    </message>
    <message>
        <source>本人的處室職務</source>
        <translation>Your office roles</translation>
    </message>
</context>
<context>
    <name>AssignmentsDialog</name>
    <message>
        <source>課程諮詢教師負責學生</source>
        <translation>Students of Each Consultation Teacher</translation>
    </message>
    <message>
        <source>學號，多位以逗號或空格分隔</source>
        <translation>Student numbers, separated by commas or spaces</translation>
    </message>
    <message>
        <source>課程諮詢教師</source>
        <translation>Consultation Teacher</translation>
    </message>
    <message>
        <source>負責</source>
        <translation>Responsible for</translation>
    </message>
    <message>
        <source>部別</source>
        <translation>Division</translation>
    </message>
    <message>
        <source>學生數</source>
        <translation>Students</translation>
    </message>
    <message>
        <source>指派班級</source>
        <translation>Assign Class</translation>
    </message>
    <message>
        <source>班級</source>
        <translation>Class</translation>
    </message>
    <message>
        <source>指派學生</source>
        <translation>Assign Students</translation>
    </message>
    <message>
        <source>個別學生</source>
        <translation>Single students</translation>
    </message>
    <message>
        <source>移除所選指派</source>
        <translation>Remove Selected Assignment</translation>
    </message>
    <message>
        <source>{name}（{username}）</source>
        <translation>{name} ({username})</translation>
    </message>
    <message>
        <source>班級 {code}</source>
        <translation>Class {code}</translation>
    </message>
    <message>
        <source>請先選擇課程諮詢教師</source>
        <translation>Choose a consultation teacher first</translation>
    </message>
    <message>
        <source>已新增 {n} 項指派</source>
        <translation>{n} assignment(s) added</translation>
    </message>
    <message>
        <source>已經指派過，沒有新增</source>
        <translation>Already assigned; nothing added</translation>
    </message>
    <message>
        <source>請先選擇一項指派</source>
        <translation>Select an assignment first</translation>
    </message>
    <message>
        <source>已移除 {consultant} 的指派：{target}；已登錄的諮詢紀錄不受影響</source>
        <translation>Removed from {consultant}: {target}; consultation records already made are kept</translation>
    </message>
</context>
<context>
    <name>Audience</name>
    <message>
        <source>學生</source>
        <translation>Students</translation>
    </message>
    <message>
        <source>教師</source>
        <translation>Teachers</translation>
    </message>
    <message>
        <source>家長</source>
        <translation>Parents</translation>
    </message>
</context>
<context>
    <name>AuditAction</name>
    <message>
        <source>建立第一位管理者</source>
        <translation>Create the first administrator</translation>
    </message>
    <message>
        <source>變更密碼</source>
        <translation>Change password</translation>
    </message>
    <message>
        <source>重設密碼</source>
        <translation>Reset password</translation>
    </message>
    <message>
        <source>登入</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <source>登入失敗</source>
        <translation>Failed sign-in</translation>
    </message>
    <message>
        <source>解除帳號鎖定</source>
        <translation>Unlock account</translation>
    </message>
    <message>
        <source>匯出稽核紀錄</source>
        <translation>Export audit log</translation>
    </message>
    <message>
        <source>權限不足遭拒</source>
        <translation>Refused (no permission)</translation>
    </message>
    <message>
        <source>還原備份</source>
        <translation>Restore backup</translation>
    </message>
    <message>
        <source>登錄課程諮詢紀錄</source>
        <translation>Record consultation</translation>
    </message>
    <message>
        <source>修改課程諮詢紀錄</source>
        <translation>Edit consultation record</translation>
    </message>
    <message>
        <source>刪除課程諮詢紀錄</source>
        <translation>Remove consultation record</translation>
    </message>
    <message>
        <source>指派諮詢學生</source>
        <translation>Assign consultation students</translation>
    </message>
    <message>
        <source>取消指派諮詢學生</source>
        <translation>Unassign consultation students</translation>
    </message>
    <message>
        <source>匯出課程諮詢紀錄</source>
        <translation>Export consultation records</translation>
    </message>
    <message>
        <source>新增課程</source>
        <translation>Add course</translation>
    </message>
    <message>
        <source>修改課程</source>
        <translation>Edit course</translation>
    </message>
    <message>
        <source>匯入課程及選課</source>
        <translation>Import courses and enrolments</translation>
    </message>
    <message>
        <source>複製資料庫</source>
        <translation>Copy database</translation>
    </message>
    <message>
        <source>產生示範名冊</source>
        <translation>Generate demo roster</translation>
    </message>
    <message>
        <source>產生示範學習歷程資料</source>
        <translation>Generate demo portfolio items</translation>
    </message>
    <message>
        <source>產生示範收訖明細</source>
        <translation>Generated demo receipt details</translation>
    </message>
    <message>
        <source>匯出未完成名單</source>
        <translation>Export follow-up list</translation>
    </message>
    <message>
        <source>項目匯入</source>
        <translation>Item imported</translation>
    </message>
    <message>
        <source>項目上傳</source>
        <translation>Item uploaded</translation>
    </message>
    <message>
        <source>項目認證通過</source>
        <translation>Item certified</translation>
    </message>
    <message>
        <source>項目認證不通過</source>
        <translation>Item not certified</translation>
    </message>
    <message>
        <source>項目勾選</source>
        <translation>Item selected</translation>
    </message>
    <message>
        <source>項目取消勾選</source>
        <translation>Item deselected</translation>
    </message>
    <message>
        <source>項目提交</source>
        <translation>Item submitted</translation>
    </message>
    <message>
        <source>項目確認收訖</source>
        <translation>Item receipt confirmed</translation>
    </message>
    <message>
        <source>匯入學習歷程資料</source>
        <translation>Import portfolio items</translation>
    </message>
    <message>
        <source>列印郵寄通知</source>
        <translation>Print mailed notices</translation>
    </message>
    <message>
        <source>重印郵寄通知</source>
        <translation>Reprint mailed notices</translation>
    </message>
    <message>
        <source>匯出郵寄清單</source>
        <translation>Export a mailing list</translation>
    </message>
    <message>
        <source>匯出地址標籤</source>
        <translation>Export address labels</translation>
    </message>
    <message>
        <source>登錄通知寄出</source>
        <translation>Record notices mailed</translation>
    </message>
    <message>
        <source>登錄回條</source>
        <translation>Record reply slip</translation>
    </message>
    <message>
        <source>登錄通知退件</source>
        <translation>Record returned notice</translation>
    </message>
    <message>
        <source>設定代理人名單</source>
        <translation>Set proxy list</translation>
    </message>
    <message>
        <source>匯入代理人名單</source>
        <translation>Import proxy lists</translation>
    </message>
    <message>
        <source>匯入收訖明細</source>
        <translation>Import receipt details</translation>
    </message>
    <message>
        <source>收訖改為待確認</source>
        <translation>Receipt set to pending</translation>
    </message>
    <message>
        <source>收訖確認無誤</source>
        <translation>Receipt confirmed</translation>
    </message>
    <message>
        <source>收訖有疑義</source>
        <translation>Receipt disputed</translation>
    </message>
    <message>
        <source>收訖疑義處理</source>
        <translation>Receipt dispute resolved</translation>
    </message>
    <message>
        <source>匯入名冊</source>
        <translation>Import roster</translation>
    </message>
    <message>
        <source>匯出名冊</source>
        <translation>Export roster</translation>
    </message>
    <message>
        <source>匯入中央資料庫名冊</source>
        <translation>Import central database roster</translation>
    </message>
    <message>
        <source>產生提交名冊</source>
        <translation>Write roster for submission</translation>
    </message>
    <message>
        <source>變更設定</source>
        <translation>Change setting</translation>
    </message>
    <message>
        <source>首次設定</source>
        <translation>First-run setup</translation>
    </message>
    <message>
        <source>設定科別</source>
        <translation>Set departments</translation>
    </message>
    <message>
        <source>新增人員</source>
        <translation>Add staff member</translation>
    </message>
    <message>
        <source>變更職務</source>
        <translation>Change roles</translation>
    </message>
    <message>
        <source>登錄離職</source>
        <translation>Record departure</translation>
    </message>
    <message>
        <source>登錄請假</source>
        <translation>Record leave</translation>
    </message>
    <message>
        <source>新增學生</source>
        <translation>Add student</translation>
    </message>
    <message>
        <source>更新學生資料</source>
        <translation>Update student</translation>
    </message>
    <message>
        <source>登錄學籍異動</source>
        <translation>Record enrolment status change</translation>
    </message>
    <message>
        <source>登錄出缺勤</source>
        <translation>record attendance as kept</translation>
    </message>
    <message>
        <source>撤銷學籍異動</source>
        <translation>withdraw a status change</translation>
    </message>
    <message>
        <source>設定作業期程</source>
        <translation>Set window</translation>
    </message>
    <message>
        <source>匯出作業期程</source>
        <translation>Export windows</translation>
    </message>
    <message>
        <source>期程外補辦</source>
        <translation>Late work recorded</translation>
    </message>
    <message>
        <source>會簽期程外補辦</source>
        <translation>Late work countersigned</translation>
    </message>
    <message>
        <source>新增工作小組成員</source>
        <translation>Add working-group member</translation>
    </message>
    <message>
        <source>修改工作小組成員</source>
        <translation>Edit working-group member</translation>
    </message>
    <message>
        <source>移除工作小組成員</source>
        <translation>Remove working-group member</translation>
    </message>
    <message>
        <source>登錄工作小組會議</source>
        <translation>Record working-group meeting</translation>
    </message>
    <message>
        <source>更新會議紀錄檔</source>
        <translation>Update meeting minutes</translation>
    </message>
    <message>
        <source>刪除工作小組會議</source>
        <translation>Remove working-group meeting</translation>
    </message>
    <message>
        <source>登錄宣導及研習場次</source>
        <translation>Record session</translation>
    </message>
    <message>
        <source>刪除宣導及研習場次</source>
        <translation>Remove session</translation>
    </message>
    <message>
        <source>設定自我檢核日期</source>
        <translation>Set self-check dates</translation>
    </message>
</context>
<context>
    <name>AuditEntity</name>
    <message>
        <source>帳號</source>
        <translation>Account</translation>
    </message>
    <message>
        <source>稽核紀錄</source>
        <translation>Audit log</translation>
    </message>
    <message>
        <source>諮詢學生指派</source>
        <translation>Consultation assignment</translation>
    </message>
    <message>
        <source>課程諮詢紀錄</source>
        <translation>Consultation record</translation>
    </message>
    <message>
        <source>課程</source>
        <translation>Course</translation>
    </message>
    <message>
        <source>資料庫</source>
        <translation>Database</translation>
    </message>
    <message>
        <source>科別</source>
        <translation>Department</translation>
    </message>
    <message>
        <source>未完成名單</source>
        <translation>Follow-up list</translation>
    </message>
    <message>
        <source>郵寄通知</source>
        <translation>Mailed notice</translation>
    </message>
    <message>
        <source>通知批次</source>
        <translation>Notice batch</translation>
    </message>
    <message>
        <source>權限</source>
        <translation>Permission</translation>
    </message>
    <message>
        <source>學習歷程項目</source>
        <translation>Portfolio item</translation>
    </message>
    <message>
        <source>代理人名單</source>
        <translation>Proxy list</translation>
    </message>
    <message>
        <source>收訖明細</source>
        <translation>Receipt details</translation>
    </message>
    <message>
        <source>名冊</source>
        <translation>Roster</translation>
    </message>
    <message>
        <source>學校</source>
        <translation>School</translation>
    </message>
    <message>
        <source>設定</source>
        <translation>Setting</translation>
    </message>
    <message>
        <source>人員</source>
        <translation>Staff member</translation>
    </message>
    <message>
        <source>學生</source>
        <translation>Student</translation>
    </message>
    <message>
        <source>作業期程</source>
        <translation>Window</translation>
    </message>
    <message>
        <source>提交回合</source>
        <translation>submission round</translation>
    </message>
    <message>
        <source>工作小組會議</source>
        <translation>Working-group meeting</translation>
    </message>
    <message>
        <source>工作小組成員</source>
        <translation>Working-group member</translation>
    </message>
    <message>
        <source>自我檢核</source>
        <translation>Self-check</translation>
    </message>
    <message>
        <source>宣導及研習場次</source>
        <translation>Session</translation>
    </message>
    <message>
        <source>期程外補辦</source>
        <translation>late work</translation>
    </message>
</context>
<context>
    <name>AuditKind</name>
    <message>
        <source>帳號</source>
        <translation>Accounts</translation>
    </message>
    <message>
        <source>出缺勤</source>
        <translation>attendance</translation>
    </message>
    <message>
        <source>稽核紀錄</source>
        <translation>Audit log</translation>
    </message>
    <message>
        <source>權限</source>
        <translation>Permissions</translation>
    </message>
    <message>
        <source>備份</source>
        <translation>Backups</translation>
    </message>
    <message>
        <source>課程諮詢</source>
        <translation>Consultations</translation>
    </message>
    <message>
        <source>課程</source>
        <translation>Courses</translation>
    </message>
    <message>
        <source>課程匯入</source>
        <translation>Course imports</translation>
    </message>
    <message>
        <source>資料庫</source>
        <translation>Database</translation>
    </message>
    <message>
        <source>示範資料</source>
        <translation>Demo data</translation>
    </message>
    <message>
        <source>未完成名單</source>
        <translation>Follow-up lists</translation>
    </message>
    <message>
        <source>學習歷程項目</source>
        <translation>Portfolio items</translation>
    </message>
    <message>
        <source>項目匯入</source>
        <translation>Item imports</translation>
    </message>
    <message>
        <source>郵寄通知</source>
        <translation>Mailed notices</translation>
    </message>
    <message>
        <source>代理人</source>
        <translation>Proxies</translation>
    </message>
    <message>
        <source>收訖明細</source>
        <translation>Receipts</translation>
    </message>
    <message>
        <source>名冊</source>
        <translation>Roster</translation>
    </message>
    <message>
        <source>設定</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>首次設定</source>
        <translation>First-run setup</translation>
    </message>
    <message>
        <source>人員</source>
        <translation>Staff</translation>
    </message>
    <message>
        <source>學生</source>
        <translation>Students</translation>
    </message>
    <message>
        <source>作業期程</source>
        <translation>Windows</translation>
    </message>
    <message>
        <source>工作小組</source>
        <translation>Working group</translation>
    </message>
</context>
<context>
    <name>AuditModel</name>
    <message>
        <source>時間</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>人員</source>
        <translation>Person</translation>
    </message>
    <message>
        <source>動作</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>說明</source>
        <translation>What happened</translation>
    </message>
    <message>
        <source>對象</source>
        <translation>Entity</translation>
    </message>
    <message>
        <source>紀錄</source>
        <translation>Record</translation>
    </message>
    <message>
        <source>變更</source>
        <translation>Changes</translation>
    </message>
    <message>
        <source>{who} 代 {whom}</source>
        <translation>{who} for {whom}</translation>
    </message>
    <message>
        <source>；</source>
        <translation>; </translation>
    </message>
</context>
<context>
    <name>AuditPage</name>
    <message>
        <source>人員（姓名或帳號）</source>
        <translation>Person (name or account)</translation>
    </message>
    <message>
        <source>從名單選擇人員</source>
        <translation>Pick a person from the list</translation>
    </message>
    <message>
        <source>學生（學號或姓名）、紀錄</source>
        <translation>Student (number or name), record</translation>
    </message>
    <message>
        <source>日期</source>
        <translation>Dates</translation>
    </message>
    <message>
        <source>查詢</source>
        <translation>Search</translation>
    </message>
    <message>
        <source>匯出 Excel…</source>
        <translation>Export to Excel…</translation>
    </message>
    <message>
        <source>～</source>
        <translation>–</translation>
    </message>
    <message>
        <source>稽核紀錄</source>
        <translation>Audit log</translation>
    </message>
    <message>
        <source>{n} 筆</source>
        <translation>{n} records</translation>
    </message>
    <message>
        <source>（只顯示最新 5000 筆）</source>
        <translation> (only the latest 5000 shown)</translation>
    </message>
    <message>
        <source>已匯出 {n} 筆到 {path}</source>
        <translation>Exported {n} records to {path}</translation>
    </message>
    <message>
        <source>匯出稽核紀錄</source>
        <translation>Export Audit Log</translation>
    </message>
    <message>
        <source>稽核紀錄.xlsx</source>
        <translation>audit_log.xlsx</translation>
    </message>
    <message>
        <source>Excel 活頁簿 (*.xlsx)</source>
        <translation>Excel Workbook (*.xlsx)</translation>
    </message>
</context>
<context>
    <name>BackupForm</name>
    <message>
        <source>留空：資料庫旁的 backups 資料夾</source>
        <translation>Blank: the backups folder next to the database</translation>
    </message>
    <message>
        <source>瀏覽…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <source>加密備份檔（金鑰存於系統的密碼保存處，即 Windows 的認證管理員）</source>
        <translation>Encrypt backups (the key is kept in the system&apos;s password store: Windows Credential Manager)</translation>
    </message>
    <message>
        <source>備份資料夾</source>
        <translation>Backup folder</translation>
    </message>
    <message>
        <source>保留最近幾份</source>
        <translation>Keep the most recent</translation>
    </message>
    <message>
        <source>選擇備份資料夾</source>
        <translation>Choose the Backup Folder</translation>
    </message>
</context>
<context>
    <name>BackupPage</name>
    <message>
        <source>手動</source>
        <translation>Manual</translation>
    </message>
    <message>
        <source>每日自動</source>
        <translation>Daily (automatic)</translation>
    </message>
    <message>
        <source>結束時自動</source>
        <translation>On exit (automatic)</translation>
    </message>
    <message>
        <source>還原前</source>
        <translation>Before restore</translation>
    </message>
    <message>
        <source>預設：資料庫旁的 backups 資料夾</source>
        <translation>Default: the backups folder next to the database</translation>
    </message>
    <message>
        <source>選擇…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <source>每天第一次開啟時自動備份</source>
        <translation>Back up automatically at the first start of each day</translation>
    </message>
    <message>
        <source>結束程式時自動備份（有變更時）</source>
        <translation>Back up automatically on exit (when something changed)</translation>
    </message>
    <message>
        <source>儲存設定</source>
        <translation>Save Settings</translation>
    </message>
    <message>
        <source>備份資料夾</source>
        <translation>Backup folder</translation>
    </message>
    <message>
        <source>保留份數</source>
        <translation>Copies to keep</translation>
    </message>
    <message>
        <source>備份設定</source>
        <translation>Backup Settings</translation>
    </message>
    <message>
        <source>時間</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>類別</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>大小</source>
        <translation>Size</translation>
    </message>
    <message>
        <source>加密</source>
        <translation>Encrypted</translation>
    </message>
    <message>
        <source>學生數</source>
        <translation>Students</translation>
    </message>
    <message>
        <source>檔案</source>
        <translation>File</translation>
    </message>
    <message>
        <source>立即備份</source>
        <translation>Back Up Now</translation>
    </message>
    <message>
        <source>驗證所選備份</source>
        <translation>Verify Selected Backup</translation>
    </message>
    <message>
        <source>從所選備份還原…</source>
        <translation>Restore from Selected Backup…</translation>
    </message>
    <message>
        <source>重新整理</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>備份</source>
        <translation>Backups</translation>
    </message>
    <message>
        <source>是</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>（無說明檔）</source>
        <translation>(no manifest)</translation>
    </message>
    <message>
        <source>選擇備份資料夾</source>
        <translation>Choose the Backup Folder</translation>
    </message>
    <message>
        <source>還原</source>
        <translation>Restore</translation>
    </message>
    <message>
        <source>正在還原資料庫…</source>
        <translation>Restoring the database…</translation>
    </message>
    <message>
        <source>未取得保存備份金鑰的方式，已取消</source>
        <translation>No place to keep the backup key was chosen; cancelled</translation>
    </message>
    <message>
        <source>加密備份（金鑰存於系統的密碼保存處，即 Windows 的認證管理員；其他電腦無法開啟）</source>
        <translation>Encrypt backups (the key is kept in the system&apos;s password store, Windows Credential Manager; other computers cannot open them)</translation>
    </message>
    <message>
        <source>備份設定已儲存</source>
        <translation>Backup settings saved</translation>
    </message>
    <message>
        <source>已備份：</source>
        <translation>Backed up: </translation>
    </message>
    <message>
        <source>驗證通過：完整性檢查正常，各資料表筆數與檢查碼皆相符。（{file}）</source>
        <translation>Verified: the integrity check passed and every table matches its row count and checksum. ({file})</translation>
    </message>
    <message>
        <source>驗證失敗：{problems}（{file}）</source>
        <translation>Verification failed: {problems} ({file})</translation>
    </message>
    <message>
        <source>；</source>
        <translation>; </translation>
    </message>
    <message>
        <source>驗證備份</source>
        <translation>Verify backup</translation>
    </message>
    <message>
        <source>確認還原</source>
        <translation>Confirm Restore</translation>
    </message>
    <message>
        <source>要用這份備份取代目前的資料庫嗎？

{0}

目前的資料庫會先另存一份備份；請先關閉其他工作站上開啟此資料庫的程式。</source>
        <translation>Replace the current database with this backup?

{0}

The current database is backed up first; close the app on any other workstation that has this database open.</translation>
    </message>
    <message>
        <source>已取消還原</source>
        <translation>Restore cancelled</translation>
    </message>
    <message>
        <source>已還原 {0}；還原前的資料庫另存為 {1}</source>
        <translation>Restored {0}; the database as it was before is saved as {1}</translation>
    </message>
</context>
<context>
    <name>BatchesDialog</name>
    <message>
        <source>批次</source>
        <translation>Batch</translation>
    </message>
    <message>
        <source>發文日期</source>
        <translation>Issued On</translation>
    </message>
    <message>
        <source>回覆期限</source>
        <translation>Reply Deadline</translation>
    </message>
    <message>
        <source>封數</source>
        <translation>Notices</translation>
    </message>
    <message>
        <source>頁數</source>
        <translation>Pages</translation>
    </message>
    <message>
        <source>寄出</source>
        <translation>Mailed</translation>
    </message>
    <message>
        <source>回覆</source>
        <translation>Replied</translation>
    </message>
    <message>
        <source>退件</source>
        <translation>Returned</translation>
    </message>
    <message>
        <source>重印</source>
        <translation>Reprints</translation>
    </message>
    <message>
        <source>建立者</source>
        <translation>Created By</translation>
    </message>
    <message>
        <source>通知批次</source>
        <translation>Notice Batches</translation>
    </message>
    <message>
        <source>標記寄出</source>
        <translation>Mark as Mailed</translation>
    </message>
    <message>
        <source>郵寄清單…</source>
        <translation>Mailing List…</translation>
    </message>
    <message>
        <source>地址標籤…</source>
        <translation>Address Labels…</translation>
    </message>
    <message>
        <source>重印…</source>
        <translation>Reprint…</translation>
    </message>
    <message>
        <source>PDF 文件 (*.pdf)</source>
        <translation>PDF Document (*.pdf)</translation>
    </message>
    <message>
        <source>Excel 活頁簿 (*.xlsx)</source>
        <translation>Excel Workbook (*.xlsx)</translation>
    </message>
    <message>
        <source>郵寄清單</source>
        <translation>Mailing List</translation>
    </message>
    <message>
        <source>地址標籤</source>
        <translation>Address Labels</translation>
    </message>
    <message>
        <source>重印通知</source>
        <translation>Reprinted Notices</translation>
    </message>
    <message>
        <source>無法完成</source>
        <translation>Cannot Complete</translation>
    </message>
    <message>
        <source>寄出日期</source>
        <translation>Mailing date</translation>
    </message>
    <message>
        <source>產生郵寄清單…</source>
        <translation>Writing the mailing list…</translation>
    </message>
    <message>
        <source>產生地址標籤…</source>
        <translation>Writing the address labels…</translation>
    </message>
    <message>
        <source>重印中…</source>
        <translation>Reprinting…</translation>
    </message>
    <message>
        <source>{title}-批次{batch}</source>
        <translation>{title}-batch{batch}</translation>
    </message>
</context>
<context>
    <name>Behind</name>
    <message>
        <source>尚未上傳課程學習成果</source>
        <translation>No course learning outcome uploaded</translation>
    </message>
    <message>
        <source>有成果待教師認證</source>
        <translation>Outcomes awaiting the teacher&apos;s certification</translation>
    </message>
    <message>
        <source>尚未勾選</source>
        <translation>Nothing selected</translation>
    </message>
    <message>
        <source>尚未確認收訖</source>
        <translation>Receipt not confirmed</translation>
    </message>
</context>
<context>
    <name>CapsForm</name>
    <message>
        <source>依臺南二中補充規定</source>
        <translation>As Tainan No. 2 Senior High&apos;s rules</translation>
    </message>
    <message>
        <source>依岡山農工補充規定</source>
        <translation>As Kangshan Agricultural &amp; Industrial&apos;s rules</translation>
    </message>
    <message>
        <source>依學校補充規定</source>
        <translation>School regulation preset</translation>
    </message>
    <message>
        <source>不設上限</source>
        <translation>No limit</translation>
    </message>
</context>
<context>
    <name>CentralDialog</name>
    <message>
        <source>已提交</source>
        <translation>Submitted</translation>
    </message>
    <message>
        <source>已回傳收訖明細</source>
        <translation>Receipt returned</translation>
    </message>
    <message>
        <source>已確認</source>
        <translation>Confirmed</translation>
    </message>
    <message>
        <source>已登錄（中央資料庫不收）</source>
        <translation>recorded (not collected centrally)</translation>
    </message>
    <message>
        <source>中央資料庫名冊</source>
        <translation>Central database rosters</translation>
    </message>
    <message>
        <source>匯入名冊</source>
        <translation>Import a roster</translation>
    </message>
    <message>
        <source>產生提交名冊</source>
        <translation>Write a roster to submit</translation>
    </message>
    <message>
        <source>提交回合</source>
        <translation>Submission rounds</translation>
    </message>
    <message>
        <source>請選擇中央資料庫的名冊（.xlsx，或 學年度_學期_名冊_工作表.csv）</source>
        <translation>Choose a central database roster (.xlsx, or YEAR_SEMESTER_ROSTER_SHEET.csv)</translation>
    </message>
    <message>
        <source>選擇檔案…</source>
        <translation>Choose file…</translation>
    </message>
    <message>
        <source>試算</source>
        <translation>Dry run</translation>
    </message>
    <message>
        <source>匯入</source>
        <translation>Import</translation>
    </message>
    <message>
        <source>輸出的 .xlsx 檔（含完整身分證號，僅本人可讀）</source>
        <translation>Output .xlsx (holds national IDs in full; readable by you only)</translation>
    </message>
    <message>
        <source>另存為…</source>
        <translation>Save as…</translation>
    </message>
    <message>
        <source>空白：使用學校設定的學校代碼</source>
        <translation>Blank: the school code of the school settings</translation>
    </message>
    <message>
        <source>產生名冊</source>
        <translation>Write roster</translation>
    </message>
    <message>
        <source>學年期</source>
        <translation>Term</translation>
    </message>
    <message>
        <source>名冊別</source>
        <translation>Roster kind</translation>
    </message>
    <message>
        <source>輸出檔</source>
        <translation>Output file</translation>
    </message>
    <message>
        <source>學校代碼</source>
        <translation>School code</translation>
    </message>
    <message>
        <source>回合</source>
        <translation>Round</translation>
    </message>
    <message>
        <source>學生數</source>
        <translation>Students</translation>
    </message>
    <message>
        <source>資料列</source>
        <translation>Rows</translation>
    </message>
    <message>
        <source>產生者</source>
        <translation>Written by</translation>
    </message>
    <message>
        <source>檔案</source>
        <translation>File</translation>
    </message>
    <message>
        <source>進度</source>
        <translation>Stage</translation>
    </message>
    <message>
        <source>選擇中央資料庫名冊</source>
        <translation>Choose a central database roster</translation>
    </message>
    <message>
        <source>試算表 (*.xlsx *.xlsm *.csv);;所有檔案 (*)</source>
        <translation>Spreadsheets (*.xlsx *.xlsm *.csv);;All files (*)</translation>
    </message>
    <message>
        <source>未辨識的工作表（不匯入）：{names}</source>
        <translation>Sheets not recognised (not imported): {names}</translation>
    </message>
    <message>
        <source>請先試算，確認後再匯入。</source>
        <translation>Do a dry run first, then import.</translation>
    </message>
    <message>
        <source>試算中…</source>
        <translation>Dry run under way…</translation>
    </message>
    <message>
        <source>匯入中…</source>
        <translation>Importing…</translation>
    </message>
    <message>
        <source>試算完成，未寫入任何資料；確認無誤後請按「匯入」。</source>
        <translation>Dry run done, nothing written; if it is right, press Import.</translation>
    </message>
    <message>
        <source>名冊{kind}_{term}.xlsx</source>
        <translation>roster{kind}_{term}.xlsx</translation>
    </message>
    <message>
        <source>儲存提交名冊</source>
        <translation>Save the roster to submit</translation>
    </message>
    <message>
        <source>Excel 活頁簿 (*.xlsx)</source>
        <translation>Excel workbook (*.xlsx)</translation>
    </message>
    <message>
        <source>請選擇輸出檔</source>
        <translation>Choose the output file</translation>
    </message>
    <message>
        <source>產生中…</source>
        <translation>Writing…</translation>
    </message>
    <message>
        <source>已產生名冊別 {kind} 的提交名冊：{term}，學生 {students} 位、資料 {rows} 列（提交回合 {round}）</source>
        <translation>Wrote the roster of kind {kind} to submit: {term}, {students} student(s), {rows} row(s) (submission round {round})</translation>
    </message>
</context>
<context>
    <name>ChangePasswordDialog</name>
    <message>
        <source>更改密碼</source>
        <translation>Change Password</translation>
    </message>
    <message>
        <source>帳號</source>
        <translation>User Name</translation>
    </message>
    <message>
        <source>目前的密碼</source>
        <translation>Current password</translation>
    </message>
    <message>
        <source>新密碼</source>
        <translation>New password</translation>
    </message>
    <message>
        <source>再輸入一次</source>
        <translation>Confirm</translation>
    </message>
</context>
<context>
    <name>ChangeTableModel</name>
    <message>
        <source>異動日期</source>
        <translation>Date of Change</translation>
    </message>
    <message>
        <source>原狀態</source>
        <translation>Previous Status</translation>
    </message>
    <message>
        <source>新狀態</source>
        <translation>New Status</translation>
    </message>
    <message>
        <source>原班級</source>
        <translation>Previous Class</translation>
    </message>
    <message>
        <source>新班級</source>
        <translation>New Class</translation>
    </message>
    <message>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>登錄者</source>
        <translation>Recorded By</translation>
    </message>
    <message>
        <source>登錄時間</source>
        <translation>Recorded At</translation>
    </message>
    <message>
        <source>（代 {who}）</source>
        <translation> (on behalf of {who})</translation>
    </message>
</context>
<context>
    <name>CheckStatus</name>
    <message>
        <source>已完成</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>待辦</source>
        <translation>Due</translation>
    </message>
    <message>
        <source>逾期</source>
        <translation>Late</translation>
    </message>
</context>
<context>
    <name>ClassHomeView</name>
    <message>
        <source>{teacher}：{who}『{title}』</source>
        <translation>{teacher}: {who} “{title}”</translation>
    </message>
    <message>
        <source>列印…</source>
        <translation>Print…</translation>
    </message>
    <message>
        <source>匯出 .xlsx…</source>
        <translation>Export .xlsx…</translation>
    </message>
    <message>
        <source>進度（本班 ／ 全校中位數）</source>
        <translation>Progress (this class / the school&apos;s median)</translation>
    </message>
    <message>
        <source>今天要追蹤：</source>
        <translation>To follow up today:</translation>
    </message>
    <message>
        <source>沒有可查看的班級</source>
        <translation>No class to show</translation>
    </message>
    <message>
        <source>{code} 班（{division}）&#x3000;導師 {mentor}&#x3000;在校 {n} 人&#x3000;{term}</source>
        <translation>Class {code} ({division})   mentor {mentor}   {n} at school   {term}</translation>
    </message>
    <message>
        <source>{kind}截止 剩 {days} 天</source>
        <translation>{kind} ends in {days} days</translation>
    </message>
    <message>
        <source>{kind}今天截止</source>
        <translation>{kind} ends today</translation>
    </message>
    <message>
        <source>目前沒有進行中的作業期程</source>
        <translation>No schedule window is open now</translation>
    </message>
    <message>
        <source>全校中位數 {pct}</source>
        <translation>school median {pct}</translation>
    </message>
    <message>
        <source>{title}（{n}）</source>
        <translation>{title} ({n})</translation>
    </message>
    <message>
        <source>…另 {n} 筆（列印或匯出可見全部）</source>
        <translation>…{n} more (print or export to see all)</translation>
    </message>
    <message>
        <source>（無）</source>
        <translation>(none)</translation>
    </message>
    <message>
        <source>匯出待追蹤名單</source>
        <translation>Export the follow-up lists</translation>
    </message>
    <message>
        <source>{code}班待追蹤名單.xlsx</source>
        <translation>follow-up {code}.xlsx</translation>
    </message>
    <message>
        <source>Excel 活頁簿 (*.xlsx)</source>
        <translation>Excel workbook (*.xlsx)</translation>
    </message>
    <message>
        <source>匯出</source>
        <translation>Export</translation>
    </message>
    <message>
        <source>已匯出 {n} 筆到 {path}</source>
        <translation>Exported {n} rows to {path}</translation>
    </message>
</context>
<context>
    <name>ClassTreeModel</name>
    <message>
        <source>一年級</source>
        <translation>Grade 1</translation>
    </message>
    <message>
        <source>二年級</source>
        <translation>Grade 2</translation>
    </message>
    <message>
        <source>三年級</source>
        <translation>Grade 3</translation>
    </message>
    <message>
        <source>{grade} 年級</source>
        <translation>Grade {grade}</translation>
    </message>
    <message>
        <source>班級</source>
        <translation>Class</translation>
    </message>
    <message>
        <source>人數</source>
        <translation>Students</translation>
    </message>
    <message>
        <source>離校</source>
        <translation>Departed</translation>
    </message>
    <message>
        <source>全校</source>
        <translation>Whole School</translation>
    </message>
    <message>
        <source>導師：{mentor}</source>
        <translation>Mentor: {mentor}</translation>
    </message>
    <message>
        <source>{department}：{n} 人</source>
        <translation>{department}: {n} student(s)</translation>
    </message>
</context>
<context>
    <name>ConfirmVia</name>
    <message>
        <source>線上確認</source>
        <translation>Online</translation>
    </message>
    <message>
        <source>回條</source>
        <translation>Reply slip</translation>
    </message>
    <message>
        <source>到校或電話確認</source>
        <translation>In person or by phone</translation>
    </message>
</context>
<context>
    <name>ConsultationEditDialog</name>
    <message>
        <source>更正諮詢紀錄 #{id}</source>
        <translation>Correct Consultation Record #{id}</translation>
    </message>
    <message>
        <source>填寫時間</source>
        <translation>Enter time</translation>
    </message>
    <message>
        <source>（無）</source>
        <translation>(none)</translation>
    </message>
    <message>
        <source>換成另一個檔案（選填）</source>
        <translation>Replace with another file (optional)</translation>
    </message>
    <message>
        <source>選擇檔案…</source>
        <translation>Choose File…</translation>
    </message>
    <message>
        <source>移除附件</source>
        <translation>Remove attachment</translation>
    </message>
    <message>
        <source>更正原因（記入稽核紀錄）</source>
        <translation>Reason for the correction (kept in the audit log)</translation>
    </message>
    <message>
        <source>課程諮詢教師</source>
        <translation>Consultation Teacher</translation>
    </message>
    <message>
        <source>型式</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>學生（勾選）</source>
        <translation>Students (tick)</translation>
    </message>
    <message>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>時間</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>地點</source>
        <translation>Place</translation>
    </message>
    <message>
        <source>諮詢內容</source>
        <translation>Content</translation>
    </message>
    <message>
        <source>意見</source>
        <translation>Opinions</translation>
    </message>
    <message>
        <source>目前附件</source>
        <translation>Current attachment</translation>
    </message>
    <message>
        <source>附件</source>
        <translation>Attachment</translation>
    </message>
    <message>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>更正諮詢紀錄</source>
        <translation>Correct the consultation record</translation>
    </message>
    <message>
        <source>選擇附件</source>
        <translation>Choose an Attachment</translation>
    </message>
</context>
<context>
    <name>ConsultationsPage</name>
    <message>
        <source>團體諮詢</source>
        <translation>Group Consultation</translation>
    </message>
    <message>
        <source>個別諮詢</source>
        <translation>Individual Consultation</translation>
    </message>
    <message>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>時間</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>型式</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>諮詢教師</source>
        <translation>Consultation Teacher</translation>
    </message>
    <message>
        <source>地點</source>
        <translation>Place</translation>
    </message>
    <message>
        <source>學生</source>
        <translation>Students</translation>
    </message>
    <message>
        <source>諮詢內容</source>
        <translation>Content</translation>
    </message>
    <message>
        <source>意見</source>
        <translation>Opinions</translation>
    </message>
    <message>
        <source>附件</source>
        <translation>Attachment</translation>
    </message>
    <message>
        <source>填寫時間</source>
        <translation>Enter time</translation>
    </message>
    <message>
        <source>附件（如簡報，選填）</source>
        <translation>Attachment (e.g. slides, optional)</translation>
    </message>
    <message>
        <source>選擇檔案…</source>
        <translation>Choose File…</translation>
    </message>
    <message>
        <source>學生（勾選）</source>
        <translation>Students (tick)</translation>
    </message>
    <message>
        <source>登錄諮詢紀錄</source>
        <translation>Record Consultation</translation>
    </message>
    <message>
        <source>匯出 Excel…</source>
        <translation>Export to Excel…</translation>
    </message>
    <message>
        <source>更正所選…</source>
        <translation>Correct Selected…</translation>
    </message>
    <message>
        <source>刪除所選…</source>
        <translation>Remove Selected…</translation>
    </message>
    <message>
        <source>開啟附件</source>
        <translation>Open Attachment</translation>
    </message>
    <message>
        <source>負責學生指派…</source>
        <translation>Assign Students to Consultants…</translation>
    </message>
    <message>
        <source>課程諮詢</source>
        <translation>Course consultations</translation>
    </message>
    <message>
        <source>沒有負責的學生可登錄（由教務主任指派）</source>
        <translation>No students assigned to you to record for (the dean assigns them)</translation>
    </message>
    <message>
        <source>選擇附件</source>
        <translation>Choose an Attachment</translation>
    </message>
    <message>
        <source>已登錄{mode}（{n} 位學生）</source>
        <translation>Recorded {mode} ({n} students)</translation>
    </message>
    <message>
        <source>請先選擇一筆諮詢紀錄</source>
        <translation>Select a consultation record first</translation>
    </message>
    <message>
        <source>已更正諮詢紀錄 #{id}</source>
        <translation>Consultation record #{id} corrected</translation>
    </message>
    <message>
        <source>已刪除諮詢紀錄 #{id}；內容保留於稽核紀錄</source>
        <translation>Consultation record #{id} removed; its content is kept in the audit log</translation>
    </message>
    <message>
        <source>所選紀錄沒有附件</source>
        <translation>The selected record has no attachment</translation>
    </message>
    <message>
        <source>無法開啟附件 {name}；檔案位於 {path}</source>
        <translation>Cannot open the attachment {name}; the file is at {path}</translation>
    </message>
    <message>
        <source>已開啟附件 {name}（內容與登錄時相符）</source>
        <translation>Opened the attachment {name} (its content matches what was recorded)</translation>
    </message>
    <message>
        <source>匯出課程諮詢紀錄</source>
        <translation>Export Consultation Records</translation>
    </message>
    <message>
        <source>課程諮詢紀錄.xlsx</source>
        <translation>consultation_records.xlsx</translation>
    </message>
    <message>
        <source>Excel 活頁簿 (*.xlsx)</source>
        <translation>Excel Workbook (*.xlsx)</translation>
    </message>
    <message>
        <source>已匯出 {n} 列至 {path}</source>
        <translation>Exported {n} rows to {path}</translation>
    </message>
</context>
<context>
    <name>DashboardModels</name>
    <message>
        <source>成果上傳</source>
        <translation>Outcomes Uploaded</translation>
    </message>
    <message>
        <source>認證通過</source>
        <translation>Certified</translation>
    </message>
    <message>
        <source>未通過</source>
        <translation>Not Certified</translation>
    </message>
    <message>
        <source>待認證</source>
        <translation>Awaiting Certification</translation>
    </message>
    <message>
        <source>成果勾選</source>
        <translation>Outcomes Selected</translation>
    </message>
    <message>
        <source>多元上傳</source>
        <translation>Performances Uploaded</translation>
    </message>
    <message>
        <source>多元勾選</source>
        <translation>Performances Selected</translation>
    </message>
    <message>
        <source>已提交</source>
        <translation>Submitted</translation>
    </message>
    <message>
        <source>已確認</source>
        <translation>Confirmed</translation>
    </message>
    <message>
        <source>多元表現件數</source>
        <translation>Performances</translation>
    </message>
    <message>
        <source>可勾選成果</source>
        <translation>Selectable Outcomes</translation>
    </message>
    <message>
        <source>可勾選多元表現</source>
        <translation>Selectable Performances</translation>
    </message>
    <message>
        <source>課程代碼</source>
        <translation>Course Code</translation>
    </message>
    <message>
        <source>科目名稱</source>
        <translation>Subject</translation>
    </message>
    <message>
        <source>成果名稱</source>
        <translation>Outcome Title</translation>
    </message>
    <message>
        <source>上傳時間</source>
        <translation>Uploaded At</translation>
    </message>
    <message>
        <source>目前負責認證</source>
        <translation>Currently Certifying</translation>
    </message>
    <message>
        <source>提交單位</source>
        <translation>Submitting Office</translation>
    </message>
    <message>
        <source>學期</source>
        <translation>Term</translation>
    </message>
    <message>
        <source>座號</source>
        <translation>Seat</translation>
    </message>
    <message>
        <source>學號</source>
        <translation>Student No.</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>離校</source>
        <translation>Departed</translation>
    </message>
    <message>
        <source>落後</source>
        <translation>Behind</translation>
    </message>
    <message>
        <source>名次</source>
        <translation>Rank</translation>
    </message>
    <message>
        <source>班級</source>
        <translation>Class</translation>
    </message>
    <message>
        <source>部別</source>
        <translation>Division</translation>
    </message>
    <message>
        <source>導師</source>
        <translation>Mentor</translation>
    </message>
    <message>
        <source>待追蹤</source>
        <translation>To follow up</translation>
    </message>
    <message>
        <source>人數</source>
        <translation>Students</translation>
    </message>
    <message>
        <source>上傳率</source>
        <translation>Upload Rate</translation>
    </message>
    <message>
        <source>認證率</source>
        <translation>Certification Rate</translation>
    </message>
    <message>
        <source>勾選率</source>
        <translation>Selection Rate</translation>
    </message>
    <message>
        <source>提交率</source>
        <translation>Submission Rate</translation>
    </message>
    <message>
        <source>收訖確認率</source>
        <translation>Receipt Confirmation Rate</translation>
    </message>
    <message>
        <source>編號</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>學年期</source>
        <translation>Term</translation>
    </message>
    <message>
        <source>類別</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>名稱</source>
        <translation>Title</translation>
    </message>
    <message>
        <source>課程</source>
        <translation>Course</translation>
    </message>
    <message>
        <source>授課教師</source>
        <translation>Teachers</translation>
    </message>
    <message>
        <source>狀態</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>時間</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>動作</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>人員</source>
        <translation>Staff</translation>
    </message>
    <message>
        <source>{actor} 代 {whom}</source>
        <translation>{actor} on behalf of {whom}</translation>
    </message>
    <message>
        <source>原因／覆寫理由</source>
        <translation>Reason / Override Reason</translation>
    </message>
    <message>
        <source>；</source>
        <translation>; </translation>
    </message>
</context>
<context>
    <name>DashboardPage</name>
    <message>
        <source>重新整理</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>學期：</source>
        <translation>Term:</translation>
    </message>
    <message>
        <source>班級：</source>
        <translation>Class:</translation>
    </message>
    <message>
        <source>本班概況</source>
        <translation>Class at a glance</translation>
    </message>
    <message>
        <source>班級明細</source>
        <translation>Class details</translation>
    </message>
    <message>
        <source>全校</source>
        <translation>Whole School</translation>
    </message>
    <message>
        <source>本班</source>
        <translation>This class</translation>
    </message>
    <message>
        <source>全部（可見班級）</source>
        <translation>All (visible classes)</translation>
    </message>
    <message>
        <source>匯出 .xlsx…</source>
        <translation>Export .xlsx…</translation>
    </message>
    <message>
        <source>列印…</source>
        <translation>Print…</translation>
    </message>
    <message>
        <source>未完成名單</source>
        <translation>Follow-up Lists</translation>
    </message>
    <message>
        <source>作業期程</source>
        <translation>Work Windows</translation>
    </message>
    <message>
        <source>{code}（{division}）{mentor}</source>
        <translation>{code} ({division}) {mentor}</translation>
    </message>
    <message>
        <source>學習歷程進度</source>
        <translation>Portfolio progress</translation>
    </message>
    <message>
        <source>沒有可查看的班級</source>
        <translation>No class you may view</translation>
    </message>
    <message>
        <source>班級 {code}：{students} 人（離校 {departed}）｜上傳率 {uploaded}｜認證率 {certified}｜勾選率 {selected}｜提交率 {submitted}｜收訖確認率 {confirmed}｜落後 {behind} 人（期程 {days} 天內截止）</source>
        <translation>Class {code}: {students} students ({departed} departed) | upload rate {uploaded} | certification rate {certified} | selection rate {selected} | submission rate {submitted} | receipt confirmation rate {confirmed} | {behind} behind (window closing within {days} days)</translation>
    </message>
    <message>
        <source>{term} {kind} 至 {end}</source>
        <translation>{term} {kind} until {end}</translation>
    </message>
    <message>
        <source>；</source>
        <translation>; </translation>
    </message>
    <message>
        <source>進行中的期程：{windows}</source>
        <translation>Open windows: {windows}</translation>
    </message>
    <message>
        <source>無</source>
        <translation>None</translation>
    </message>
    <message>
        <source>本學期提交：{rounds}</source>
        <translation>This term&apos;s submissions: {rounds}</translation>
    </message>
    <message>
        <source>尚無</source>
        <translation>none yet</translation>
    </message>
    <message>
        <source>匯出未完成名單</source>
        <translation>Export Follow-up List</translation>
    </message>
    <message>
        <source>Excel 活頁簿 (*.xlsx)</source>
        <translation>Excel Workbook (*.xlsx)</translation>
    </message>
    <message>
        <source>匯出</source>
        <translation>Export</translation>
    </message>
    <message>
        <source>已匯出 {n} 筆到 {path}</source>
        <translation>Exported {n} records to {path}</translation>
    </message>
</context>
<context>
    <name>DateEdit</name>
    <message>
        <source>可輸入 115/11/20、1151120 或 2026-11-20</source>
        <translation>Type 115/11/20, 1151120 or 2026-11-20</translation>
    </message>
    <message>
        <source>從月曆選日期</source>
        <translation>Pick a date from the calendar</translation>
    </message>
</context>
<context>
    <name>DecisionDialog</name>
    <message>
        <source>確認無誤</source>
        <translation>Confirmed</translation>
    </message>
    <message>
        <source>有疑義</source>
        <translation>Disputed</translation>
    </message>
    <message>
        <source>有疑義的項目及內容</source>
        <translation>The disputed items and what is wrong</translation>
    </message>
    <message>
        <source>依類別自動判斷</source>
        <translation>Decide by category</translation>
    </message>
    <message>
        <source>學生</source>
        <translation>Students</translation>
    </message>
    <message>
        <source>結果</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>疑義內容</source>
        <translation>Question</translation>
    </message>
    <message>
        <source>答覆處室</source>
        <translation>Answering office</translation>
    </message>
</context>
<context>
    <name>Division</name>
    <message>
        <source>日間部</source>
        <translation>Day School</translation>
    </message>
    <message>
        <source>進修部</source>
        <translation>Continuing Education Division</translation>
    </message>
</context>
<context>
    <name>Duty</name>
    <message>
        <source>課程學習成果認證</source>
        <translation>Course learning outcome certification</translation>
    </message>
    <message>
        <source>資料提交</source>
        <translation>Data submission</translation>
    </message>
</context>
<context>
    <name>ErrorDialog</name>
    <message>
        <source>發生未預期的錯誤</source>
        <translation>Unexpected error</translation>
    </message>
    <message>
        <source>程式發生未預期的錯誤，剛才的動作可能沒有完成。請按「複製詳細資料」，連同發生前做了什麼，一起提供給資訊組。</source>
        <translation>The app ran into an unexpected error; the last action may not have been completed. Press &quot;Copy details&quot; and send them to IT support together with what you were doing.</translation>
    </message>
    <message>
        <source>詳細資料已寫入記錄檔：{path}</source>
        <translation>The details were written to the log file: {path}</translation>
    </message>
    <message>
        <source>記錄檔無法寫入；請用「複製詳細資料」保存錯誤內容。</source>
        <translation>The log file could not be written; use &quot;Copy details&quot; to keep the error.</translation>
    </message>
    <message>
        <source>複製詳細資料</source>
        <translation>Copy details</translation>
    </message>
    <message>
        <source>開啟記錄檔資料夾</source>
        <translation>Open the log folder</translation>
    </message>
    <message>
        <source>已複製</source>
        <translation>Copied</translation>
    </message>
</context>
<context>
    <name>FirstRunWizard</name>
    <message>
        <source>第一次使用設定 — 學生學習歷程檔案</source>
        <translation>First-Run Setup — Student Learning Portfolio</translation>
    </message>
    <message>
        <source>&lt; 上一步(&amp;B)</source>
        <translation>&lt; &amp;Back</translation>
    </message>
    <message>
        <source>下一步(&amp;N) &gt;</source>
        <translation>&amp;Next &gt;</translation>
    </message>
    <message>
        <source>完成(&amp;F)</source>
        <translation>&amp;Finish</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>立即匯入名冊</source>
        <translation>Import the roster now</translation>
    </message>
    <message>
        <source>使用示範資料探索</source>
        <translation>Explore with demo data</translation>
    </message>
    <message>
        <source>設定完成後要做什麼？（之後都可在「檔案 → 設定」修改上述設定）</source>
        <translation>What next, once set up? (Everything above can be changed later in &quot;File → Settings&quot;.)</translation>
    </message>
    <message>
        <source>學校</source>
        <translation>School</translation>
    </message>
    <message>
        <source>校名、學校代碼、部別、科別與目前的學年度學期。</source>
        <translation>School name, school code, divisions, departments and the current school year and term.</translation>
    </message>
    <message>
        <source>件數上限</source>
        <translation>Item Limits</translation>
    </message>
    <message>
        <source>依貴校補充規定選擇預設值，可再逐項修改。</source>
        <translation>Choose the defaults of your school&apos;s supplementary regulation; each value can then be changed.</translation>
    </message>
    <message>
        <source>信頭與回郵地址</source>
        <translation>Letterhead and Return Address</translation>
    </message>
    <message>
        <source>印在通知單上的處室、地址與電話。</source>
        <translation>The office, address and phone number printed on the notices.</translation>
    </message>
    <message>
        <source>系統管理者</source>
        <translation>Administrator</translation>
    </message>
    <message>
        <source>建立第一個帳號；之後由此帳號新增其他人員。</source>
        <translation>Create the first account; it then adds the other staff.</translation>
    </message>
    <message>
        <source>備份</source>
        <translation>Backups</translation>
    </message>
    <message>
        <source>每天第一次開啟及結束時自動備份到這個資料夾。</source>
        <translation>Backs up automatically to this folder at the first start of each day and on exit.</translation>
    </message>
    <message>
        <source>完成</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>按「完成」後才會寫入資料庫；按「取消」不寫入任何資料。</source>
        <translation>Nothing is written until you click &quot;Finish&quot;; &quot;Cancel&quot; writes nothing.</translation>
    </message>
    <message>
        <source>第一次使用設定</source>
        <translation>First-run set-up</translation>
    </message>
    <message>
        <source>正在寫入設定…</source>
        <translation>Writing the settings…</translation>
    </message>
</context>
<context>
    <name>FollowupKind</name>
    <message>
        <source>未上傳課程學習成果名單</source>
        <translation>Students without course learning outcome uploads</translation>
    </message>
    <message>
        <source>待認證課程學習成果（依任課教師）</source>
        <translation>Outcomes awaiting certification, by teacher</translation>
    </message>
    <message>
        <source>尚未勾選名單</source>
        <translation>Students who have not selected</translation>
    </message>
    <message>
        <source>待提交項目（依提交單位）</source>
        <translation>Items awaiting submission, by office</translation>
    </message>
</context>
<context>
    <name>Gender</name>
    <message>
        <source>男</source>
        <translation>Male</translation>
    </message>
    <message>
        <source>女</source>
        <translation>Female</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <source>例如 {term}；檔案沒有學年期欄時才需要</source>
        <translation>e.g. {term}; needed only when the file has no term column</translation>
    </message>
    <message>
        <source>選擇要匯入的檔案</source>
        <translation>Choose the File to Import</translation>
    </message>
    <message>
        <source>試算表 (*.xlsx *.xlsm *.csv);;所有檔案 (*)</source>
        <translation>Spreadsheets (*.xlsx *.xlsm *.csv);;All Files (*)</translation>
    </message>
    <message>
        <source>找不到檔案「{path}」；請確認路徑，或按「瀏覽…」選擇檔案。</source>
        <translation>Cannot find the file “{path}”; check the path or press Browse… to choose the file.</translation>
    </message>
    <message>
        <source>讀取預覽中…</source>
        <translation>Reading the preview…</translation>
    </message>
    <message>
        <source>標題列：第 {row} 列</source>
        <translation>Header row: row {row}</translation>
    </message>
    <message>
        <source>缺少必要欄位：{cols}；請在上方指定檔案中的對應欄位。</source>
        <translation>Required columns missing: {cols}; choose the matching columns of the file above.</translation>
    </message>
    <message>
        <source>已讀取預覽；請確認欄位對應後按「匯入」。</source>
        <translation>Preview loaded; check the column mapping, then click &quot;Import&quot;.</translation>
    </message>
    <message>
        <source>（不匯入）</source>
        <translation>(not imported)</translation>
    </message>
    <message>
        <source>手動指定</source>
        <translation>Chosen by hand</translation>
    </message>
    <message>
        <source>自動對應</source>
        <translation>Automatic</translation>
    </message>
    <message>
        <source>匯入中…</source>
        <translation>Importing…</translation>
    </message>
    <message>
        <source>正在取消…</source>
        <translation>Cancelling…</translation>
    </message>
    <message>
        <source>已取消匯入，未寫入任何資料。</source>
        <translation>Import cancelled; nothing was written.</translation>
    </message>
    <message>
        <source>發生未預期的錯誤，未寫入任何資料：{err}</source>
        <translation>An unexpected error occurred; nothing was written: {err}</translation>
    </message>
    <message>
        <source>已匯入，但無法記住欄位對應：{err}</source>
        <translation>Imported, but the column mapping could not be remembered: {err}</translation>
    </message>
    <message>
        <source>錯誤清單已儲存：{path}</source>
        <translation>Problem list saved: {path}</translation>
    </message>
    <message>
        <source>{stem}_錯誤清單.xlsx</source>
        <translation>{stem}_problems.xlsx</translation>
    </message>
    <message>
        <source>儲存錯誤清單</source>
        <translation>Save Problem List</translation>
    </message>
    <message>
        <source>Excel 活頁簿 (*.xlsx)</source>
        <translation>Excel Workbook (*.xlsx)</translation>
    </message>
    <message>
        <source>無法儲存：{err}</source>
        <translation>Cannot save: {err}</translation>
    </message>
</context>
<context>
    <name>ImportForm</name>
    <message>
        <source>檔案(&amp;F)：</source>
        <translation>&amp;File:</translation>
    </message>
    <message>
        <source>請選擇要匯入的檔案（.xlsx 或 .csv）</source>
        <translation>Choose the file to import (.xlsx or .csv)</translation>
    </message>
    <message>
        <source>選擇檔案(&amp;O)…</source>
        <translation>Ch&amp;oose File…</translation>
    </message>
    <message>
        <source>工作表(&amp;S)：</source>
        <translation>&amp;Sheet:</translation>
    </message>
    <message>
        <source>預設學年期(&amp;T)：</source>
        <translation>Default &amp;term:</translation>
    </message>
    <message>
        <source>欄位對應（* 為必要欄位；可自行指定檔案中的欄位）</source>
        <translation>Column mapping (* = required; you may choose the column of the file yourself)</translation>
    </message>
    <message>
        <source>恢復自動對應(&amp;R)</source>
        <translation>&amp;Reset to Automatic Mapping</translation>
    </message>
    <message>
        <source>預覽</source>
        <translation>Preview</translation>
    </message>
    <message>
        <source>問題</source>
        <translation>Problem</translation>
    </message>
    <message>
        <source>儲存錯誤清單(&amp;E)…</source>
        <translation>Save Problem List (&amp;E)…</translation>
    </message>
    <message>
        <source>結果</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>匯入方式</source>
        <translation>Import mode</translation>
    </message>
    <message>
        <source>全部或全不（有任何錯誤就不寫入）(&amp;A)</source>
        <translation>&amp;All or nothing (write nothing if any row has a problem)</translation>
    </message>
    <message>
        <source>略過錯誤列(&amp;K)</source>
        <translation>S&amp;kip rows with problems</translation>
    </message>
    <message>
        <source>試算，不寫入(&amp;D)</source>
        <translation>&amp;Dry run (write nothing)</translation>
    </message>
    <message>
        <source>匯入(&amp;I)</source>
        <translation>&amp;Import</translation>
    </message>
    <message>
        <source>取消匯入</source>
        <translation>Cancel Import</translation>
    </message>
    <message>
        <source>關閉</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>ImportKind</name>
    <message>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <source>略過的列：</source>
        <translation>Skipped rows: </translation>
    </message>
    <message>
        <source>新增：</source>
        <translation>Added: </translation>
    </message>
    <message>
        <source>變更：</source>
        <translation>Changed: </translation>
    </message>
    <message>
        <source>新增課程：</source>
        <translation>Courses added: </translation>
    </message>
    <message>
        <source>變更課程：</source>
        <translation>Courses changed: </translation>
    </message>
    <message>
        <source>第 {row} 列：{words}</source>
        <translation>row {row}: {words}</translation>
    </message>
    <message>
        <source>寫入收訖明細：</source>
        <translation>Receipt details written: </translation>
    </message>
    <message>
        <source>改回待確認：</source>
        <translation>Set back to pending: </translation>
    </message>
    <message>
        <source>檔案列出 {n} 份代理人名單：變更 {c} 份、未變更 {u} 份</source>
        <translation>The file lists {n} proxy lists: {c} changed, {u} unchanged</translation>
    </message>
    <message>
        <source>（試算，未寫入任何資料）</source>
        <translation> (dry run: nothing written)</translation>
    </message>
    <message>
        <source>變更的名單：</source>
        <translation>Lists changed: </translation>
    </message>
    <message>
        <source>匯入學生名冊</source>
        <translation>Import Student Roster</translation>
    </message>
    <message>
        <source>請選擇校務行政系統匯出的名冊（.xlsx 或 .csv）</source>
        <translation>Choose the roster exported by the school administration system (.xlsx or .csv)</translation>
    </message>
    <message>
        <source>匯入課程與修課名單</source>
        <translation>Import Courses and Enrolments</translation>
    </message>
    <message>
        <source>請選擇課程清單或學生修課名單（.xlsx 或 .csv）</source>
        <translation>Choose the course list or the student enrolment list (.xlsx or .csv)</translation>
    </message>
    <message>
        <source>匯入學習歷程項目</source>
        <translation>Import Portfolio Items</translation>
    </message>
    <message>
        <source>請選擇學習歷程平臺匯出的項目清單（.xlsx 或 .csv）</source>
        <translation>Choose the item list exported by the portfolio platform (.xlsx or .csv)</translation>
    </message>
    <message>
        <source>匯入作業期程</source>
        <translation>Import Work Windows</translation>
    </message>
    <message>
        <source>請選擇作業期程表（.xlsx 或 .csv）</source>
        <translation>Choose the work window table (.xlsx or .csv)</translation>
    </message>
    <message>
        <source>匯入收訖明細</source>
        <translation>Import Receipt Details</translation>
    </message>
    <message>
        <source>請選擇中央資料庫回傳的收訖明細（.xlsx 或 .csv）</source>
        <translation>Choose the receipt details returned by the central database (.xlsx or .csv)</translation>
    </message>
    <message>
        <source>匯入代理人名單</source>
        <translation>Import Proxy Lists</translation>
    </message>
    <message>
        <source>請選擇代理人名單及代理順位（.xlsx 或 .csv）</source>
        <translation>Choose the proxy lists with their order (.xlsx or .csv)</translation>
    </message>
</context>
<context>
    <name>ItemKind</name>
    <message>
        <source>課程學習成果</source>
        <translation>Course Learning Outcome</translation>
    </message>
    <message>
        <source>多元表現</source>
        <translation>Multiple Performance</translation>
    </message>
    <message>
        <source>幹部經歷</source>
        <translation>Cadre Record</translation>
    </message>
    <message>
        <source>修課紀錄</source>
        <translation>Course Record</translation>
    </message>
    <message>
        <source>課程諮詢紀錄</source>
        <translation>Consultation Record</translation>
    </message>
</context>
<context>
    <name>ItemState</name>
    <message>
        <source>已上傳</source>
        <translation>Uploaded</translation>
    </message>
    <message>
        <source>認證通過</source>
        <translation>Certified</translation>
    </message>
    <message>
        <source>未通過認證</source>
        <translation>Not Certified</translation>
    </message>
    <message>
        <source>已勾選</source>
        <translation>Selected</translation>
    </message>
    <message>
        <source>已提交</source>
        <translation>Submitted</translation>
    </message>
    <message>
        <source>已確認收訖</source>
        <translation>Receipt Confirmed</translation>
    </message>
    <message>
        <source>已登錄</source>
        <translation>Recorded</translation>
    </message>
</context>
<context>
    <name>LabelLayout</name>
    <message>
        <source>Avery L7159 及相容標籤 3×8（24 格，63.5×33.9 公厘）</source>
        <translation>Avery L7159 and compatible, 3×8 (24 labels, 63.5×33.9 mm)</translation>
    </message>
    <message>
        <source>Avery L7160 及相容標籤 3×7（21 格，63.5×38.1 公厘）</source>
        <translation>Avery L7160 and compatible, 3×7 (21 labels, 63.5×38.1 mm)</translation>
    </message>
    <message>
        <source>Avery L7163 及相容標籤 2×7（14 格，99.1×38.1 公厘）</source>
        <translation>Avery L7163 and compatible, 2×7 (14 labels, 99.1×38.1 mm)</translation>
    </message>
</context>
<context>
    <name>LetterheadForm</name>
    <message>
        <source>處室</source>
        <translation>Office</translation>
    </message>
    <message>
        <source>郵遞區號</source>
        <translation>Postal code</translation>
    </message>
    <message>
        <source>地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>電話</source>
        <translation>Phone</translation>
    </message>
</context>
<context>
    <name>MPCategory</name>
    <message>
        <source>幹部經歷</source>
        <translation>Cadre Experience</translation>
    </message>
    <message>
        <source>競賽參與</source>
        <translation>Competitions</translation>
    </message>
    <message>
        <source>檢定證照</source>
        <translation>Certificates and Licences</translation>
    </message>
    <message>
        <source>志工服務</source>
        <translation>Volunteer Service</translation>
    </message>
    <message>
        <source>彈性學習時間</source>
        <translation>Flexible Learning Time</translation>
    </message>
    <message>
        <source>團體活動時間</source>
        <translation>Group Activity Time</translation>
    </message>
    <message>
        <source>職場學習</source>
        <translation>Workplace Learning</translation>
    </message>
    <message>
        <source>作品成果</source>
        <translation>Works and Projects</translation>
    </message>
    <message>
        <source>其他多元表現</source>
        <translation>Other Performances</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>帳號(&amp;U)</source>
        <translation>&amp;Account</translation>
    </message>
    <message>
        <source>已登入：{who}</source>
        <translation>Signed in: {who}</translation>
    </message>
    <message>
        <source>登出(&amp;L)</source>
        <translation>Sign &amp;Out</translation>
    </message>
    <message>
        <source>更改密碼(&amp;P)…</source>
        <translation>Change &amp;Password…</translation>
    </message>
    <message>
        <source>人員帳號</source>
        <translation>Staff Accounts</translation>
    </message>
    <message>
        <source>稽核紀錄</source>
        <translation>Audit Log</translation>
    </message>
    <message>
        <source>備份</source>
        <translation>Backups</translation>
    </message>
    <message>
        <source>課程諮詢</source>
        <translation>Consultations</translation>
    </message>
    <message>
        <source>學習歷程進度</source>
        <translation>Portfolio Progress</translation>
    </message>
    <message>
        <source>匯入課程(&amp;C)…</source>
        <translation>Import &amp;Courses…</translation>
    </message>
    <message>
        <source>匯入學習歷程項目(&amp;P)…</source>
        <translation>Import &amp;Portfolio Items…</translation>
    </message>
    <message>
        <source>匯入作業期程(&amp;W)…</source>
        <translation>Import Work &amp;Windows…</translation>
    </message>
    <message>
        <source>中央資料庫名冊(&amp;M)…</source>
        <translation>Central database ro&amp;sters…</translation>
    </message>
    <message>
        <source>名冊</source>
        <translation>Roster</translation>
    </message>
    <message>
        <source>切換到「{title}」頁</source>
        <translation>Switch to the &quot;{title}&quot; page</translation>
    </message>
    <message>
        <source>匯入名冊(&amp;I)…</source>
        <translation>&amp;Import Roster…</translation>
    </message>
    <message>
        <source>匯出名冊(&amp;E)…</source>
        <translation>&amp;Export Roster…</translation>
    </message>
    <message>
        <source>匯出全校名冊(&amp;A)…</source>
        <translation>Export Roster of &amp;All Classes…</translation>
    </message>
    <message>
        <source>結束(&amp;X)</source>
        <translation>E&amp;xit</translation>
    </message>
    <message>
        <source>設定(&amp;S)…</source>
        <translation>&amp;Settings…</translation>
    </message>
    <message>
        <source>介面偏好(&amp;P)…</source>
        <translation>Display &amp;Preferences…</translation>
    </message>
    <message>
        <source>檔案(&amp;F)</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>篩選學生(&amp;F)</source>
        <translation>&amp;Filter Students</translation>
    </message>
    <message>
        <source>學生資料(&amp;S)…</source>
        <translation>&amp;Student Details…</translation>
    </message>
    <message>
        <source>重新整理(&amp;R)</source>
        <translation>&amp;Refresh</translation>
    </message>
    <message>
        <source>名冊(&amp;R)</source>
        <translation>&amp;Roster</translation>
    </message>
    <message>
        <source>顯示離校學生(&amp;D)</source>
        <translation>Show &amp;Departed Students</translation>
    </message>
    <message>
        <source>下一頁</source>
        <translation>Next Page</translation>
    </message>
    <message>
        <source>上一頁</source>
        <translation>Previous Page</translation>
    </message>
    <message>
        <source>說明(&amp;H)</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>快捷鍵(&amp;K)</source>
        <translation>&amp;Keyboard Shortcuts</translation>
    </message>
    <message>
        <source>開啟記錄檔資料夾(&amp;L)</source>
        <translation>Open the &amp;log folder</translation>
    </message>
    <message>
        <source>關於(&amp;A)</source>
        <translation>&amp;About</translation>
    </message>
    <message>
        <source>關於</source>
        <translation>About</translation>
    </message>
    <message>
        <source>學生學習歷程檔案 辦公室端
版本 {version}
資料庫：{db}</source>
        <translation>Student Learning Portfolio, office edition
Version {version}
Database: {db}</translation>
    </message>
    <message>
        <source>第一次啟動：正在建立示範學校資料…</source>
        <translation>First start: creating the demo school…</translation>
    </message>
    <message>
        <source>無法建立示範資料</source>
        <translation>Cannot Create Demo Data</translation>
    </message>
    <message>
        <source>名冊_{what}.xlsx</source>
        <translation>roster_{what}.xlsx</translation>
    </message>
    <message>
        <source>全校</source>
        <translation>all_classes</translation>
    </message>
    <message>
        <source>匯出名冊</source>
        <translation>Export Roster</translation>
    </message>
    <message>
        <source>Excel 活頁簿 (*.xlsx)</source>
        <translation>Excel Workbook (*.xlsx)</translation>
    </message>
    <message>
        <source>已匯出 {n} 位學生至 {path}</source>
        <translation>Exported {n} students to {path}</translation>
    </message>
    <message>
        <source>正在匯出名冊…</source>
        <translation>Exporting the roster…</translation>
    </message>
    <message>
        <source>工作進行中</source>
        <translation>Work in Progress</translation>
    </message>
    <message>
        <source>還有工作在進行；要取消它並結束嗎？（取消的匯入不會寫入任何資料）</source>
        <translation>Work is still in progress; cancel it and exit? (A cancelled import writes nothing.)</translation>
    </message>
    <message>
        <source>代理人名單</source>
        <translation>Proxy Lists</translation>
    </message>
    <message>
        <source>收訖明細</source>
        <translation>Receipts</translation>
    </message>
    <message>
        <source>工作小組</source>
        <translation>Working Group</translation>
    </message>
    <message>
        <source>學生學習歷程檔案</source>
        <translation>Student Learning Portfolio</translation>
    </message>
    <message>
        <source>教職員</source>
        <translation>staff</translation>
    </message>
    <message>
        <source>{person}（{roles}）</source>
        <translation>{person} ({roles})</translation>
    </message>
</context>
<context>
    <name>MasterPasswordDialog</name>
    <message>
        <source>機密資料加密檔</source>
        <translation>Encrypted Secrets File</translation>
    </message>
    <message>
        <source>主密碼</source>
        <translation>Master password</translation>
    </message>
    <message>
        <source>再輸入一次</source>
        <translation>Type it again</translation>
    </message>
    <message>
        <source>請設定主密碼（至少 8 個字元），之後每次開啟程式時輸入；忘記就無法取回。</source>
        <translation>Choose a master password (at least 8 characters). You type it each time the app starts; a forgotten one cannot be recovered.</translation>
    </message>
    <message>
        <source>請輸入機密資料加密檔的主密碼。</source>
        <translation>Type the master password of the encrypted secrets file.</translation>
    </message>
    <message>
        <source>兩次輸入的主密碼不同</source>
        <translation>The two master passwords differ</translation>
    </message>
</context>
<context>
    <name>MyWorkPage</name>
    <message>
        <source>編號</source>
        <translation>No.</translation>
    </message>
    <message>
        <source>待辦</source>
        <translation>To do</translation>
    </message>
    <message>
        <source>為誰</source>
        <translation>For</translation>
    </message>
    <message>
        <source>學號</source>
        <translation>Student no.</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>班級</source>
        <translation>Class</translation>
    </message>
    <message>
        <source>學年期</source>
        <translation>Term</translation>
    </message>
    <message>
        <source>名稱</source>
        <translation>Title</translation>
    </message>
    <message>
        <source>課程代碼</source>
        <translation>Course code</translation>
    </message>
    <message>
        <source>截止</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <source>剩餘</source>
        <translation>Left</translation>
    </message>
    <message>
        <source>代 {holder}</source>
        <translation>for {holder}</translation>
    </message>
    <message>
        <source>本人</source>
        <translation>myself</translation>
    </message>
    <message>
        <source>（未設期程）</source>
        <translation>(no window set)</translation>
    </message>
    <message>
        <source>已逾期 {n} 天</source>
        <translation>{n} day(s) overdue</translation>
    </message>
    <message>
        <source>今天截止</source>
        <translation>due today</translation>
    </message>
    <message>
        <source>剩 {n} 天</source>
        <translation>{n} day(s) left</translation>
    </message>
    <message>
        <source>待辦 {n} 件：本人 {own} 件</source>
        <translation>{n} item(s) waiting: {own} your own</translation>
    </message>
    <message>
        <source>，代 {holder} {n} 件</source>
        <translation>, {n} for {holder}</translation>
    </message>
    <message>
        <source>重新整理</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>我的待辦</source>
        <translation>My work</translation>
    </message>
</context>
<context>
    <name>NoticePrintDialog</name>
    <message>
        <source>列印離校學生收訖明細通知</source>
        <translation>Print Receipt Notices for Departed Students</translation>
    </message>
    <message>
        <source>所有學期</source>
        <translation>All terms</translation>
    </message>
    <message>
        <source>所有班級</source>
        <translation>All classes</translation>
    </message>
    <message>
        <source>學號，以空白分隔；空白 = 依條件</source>
        <translation>Student numbers separated by spaces; blank = by the conditions</translation>
    </message>
    <message>
        <source>在收訖明細選取的學生會填在這裡，只列印他們；清空則依學期、班級列印全部</source>
        <translation>The students selected in the receipt list are filled in here and only they are printed; clear it to print all by term and class</translation>
    </message>
    <message>
        <source>所有離校學生（不論確認狀態）</source>
        <translation>All departed students (whatever the confirmation state)</translation>
    </message>
    <message>
        <source>已寄過通知者也列印</source>
        <translation>Also print for students already sent a notice</translation>
    </message>
    <message>
        <source>學期</source>
        <translation>Term</translation>
    </message>
    <message>
        <source>班級</source>
        <translation>Class</translation>
    </message>
    <message>
        <source>學號</source>
        <translation>Student No.</translation>
    </message>
    <message>
        <source>發文日期</source>
        <translation>Issued On</translation>
    </message>
    <message>
        <source>產生預覽</source>
        <translation>Render Preview</translation>
    </message>
    <message>
        <source>取消產生</source>
        <translation>Cancel Rendering</translation>
    </message>
    <message>
        <source>列印…</source>
        <translation>Print…</translation>
    </message>
    <message>
        <source>儲存 PDF…</source>
        <translation>Save PDF…</translation>
    </message>
    <message>
        <source>{n} 封通知、{pages} 頁（批次 {batch}，尚未記錄）</source>
        <translation>{n} notices, {pages} pages (batch {batch}, not yet recorded)</translation>
    </message>
    <message>
        <source>已取消產生預覽；沒有記錄任何批次</source>
        <translation>Preview cancelled; no batch was recorded</translation>
    </message>
    <message>
        <source>已記錄批次 {batch}：{n} 封、{pages} 頁</source>
        <translation>Recorded batch {batch}: {n} notices, {pages} pages</translation>
    </message>
    <message>
        <source>記錄通知批次</source>
        <translation>Record the notice batch</translation>
    </message>
    <message>
        <source>已另存批次 {batch} 到 {path}</source>
        <translation>Batch {batch} saved again to {path}</translation>
    </message>
    <message>
        <source>儲存通知 PDF</source>
        <translation>Save Notices as PDF</translation>
    </message>
    <message>
        <source>無法完成</source>
        <translation>Cannot Complete</translation>
    </message>
</context>
<context>
    <name>NoticeSettingsDialog</name>
    <message>
        <source>校名</source>
        <translation>School name</translation>
    </message>
    <message>
        <source>處室</source>
        <translation>Office</translation>
    </message>
    <message>
        <source>郵遞區號</source>
        <translation>Postal code</translation>
    </message>
    <message>
        <source>地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>電話</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>傳真</source>
        <translation>Fax</translation>
    </message>
    <message>
        <source>電子郵件</source>
        <translation>Email</translation>
    </message>
    <message>
        <source>承辦窗口</source>
        <translation>Contact person</translation>
    </message>
    <message>
        <source>校徽圖檔</source>
        <translation>School emblem image</translation>
    </message>
    <message>
        <source>發文字號（字）</source>
        <translation>Letter reference prefix</translation>
    </message>
    <message>
        <source>郵寄通知設定</source>
        <translation>Mailed Notice Settings</translation>
    </message>
    <message>
        <source>開窗信封</source>
        <translation>Window envelope</translation>
    </message>
    <message>
        <source>地址欄左右位移</source>
        <translation>Address block horizontal offset</translation>
    </message>
    <message>
        <source>地址欄上下位移</source>
        <translation>Address block vertical offset</translation>
    </message>
    <message>
        <source>未設期程時回覆天數</source>
        <translation>Days to reply when no window is set</translation>
    </message>
    <message>
        <source>僅供查看，不能變更：</source>
        <translation>View only, cannot be changed: </translation>
    </message>
    <message>
        <source>選擇…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <source>選擇校徽圖檔</source>
        <translation>Choose the school logo</translation>
    </message>
    <message>
        <source>圖檔 (*.png *.jpg *.jpeg)</source>
        <translation>Pictures (*.png *.jpg *.jpeg)</translation>
    </message>
    <message>
        <source>無圖</source>
        <translation>none</translation>
    </message>
    <message>
        <source>找不到</source>
        <translation>missing</translation>
    </message>
    <message>
        <source>找不到圖檔或無法讀取：{path}</source>
        <translation>Cannot find or read the picture: {path}</translation>
    </message>
</context>
<context>
    <name>Permission</name>
    <message>
        <source>查看學籍資料</source>
        <translation>View student records</translation>
    </message>
    <message>
        <source>登錄學籍資料</source>
        <translation>Record student data</translation>
    </message>
    <message>
        <source>學籍異動</source>
        <translation>Record status changes</translation>
    </message>
    <message>
        <source>登錄修課紀錄及成績</source>
        <translation>Record course records and grades</translation>
    </message>
    <message>
        <source>維護課程及選課</source>
        <translation>Maintain courses and enrolments</translation>
    </message>
    <message>
        <source>課程學習成果勾選作業</source>
        <translation>Select course learning outcomes</translation>
    </message>
    <message>
        <source>認證課程學習成果</source>
        <translation>Certify course learning outcomes</translation>
    </message>
    <message>
        <source>提交課程學習成果</source>
        <translation>Submit course learning outcomes</translation>
    </message>
    <message>
        <source>登錄幹部經歷</source>
        <translation>Record cadre records</translation>
    </message>
    <message>
        <source>提交多元表現及幹部經歷</source>
        <translation>Submit multiple performances and cadre records</translation>
    </message>
    <message>
        <source>登錄出缺勤</source>
        <translation>Record attendance</translation>
    </message>
    <message>
        <source>登錄課程諮詢紀錄</source>
        <translation>Record course consultations</translation>
    </message>
    <message>
        <source>查看進度追蹤</source>
        <translation>View progress tracking</translation>
    </message>
    <message>
        <source>確認收訖明細</source>
        <translation>Confirm receipt details</translation>
    </message>
    <message>
        <source>製作及登錄郵寄通知</source>
        <translation>Produce and record mailed notices</translation>
    </message>
    <message>
        <source>訂定作業期程</source>
        <translation>Set work windows</translation>
    </message>
    <message>
        <source>期程外補登（逾期放行）</source>
        <translation>Record outside the window (late override)</translation>
    </message>
    <message>
        <source>維護代理人名單及代理順位</source>
        <translation>Maintain proxy lists and their order</translation>
    </message>
    <message>
        <source>自我檢核及成效評核</source>
        <translation>Self-check and evaluation</translation>
    </message>
    <message>
        <source>管理帳號及職務</source>
        <translation>Manage accounts and roles</translation>
    </message>
    <message>
        <source>變更學校設定</source>
        <translation>Change school settings</translation>
    </message>
    <message>
        <source>備份資料</source>
        <translation>Back up data</translation>
    </message>
    <message>
        <source>查看稽核紀錄</source>
        <translation>View the audit log</translation>
    </message>
    <message>
        <source>查看學校作業資料（期程、課程、工作小組）</source>
        <translation>Read the school&apos;s work data (schedules, courses, working group)</translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <source>介面偏好</source>
        <translation>Display Preferences</translation>
    </message>
</context>
<context>
    <name>PreferencesForm</name>
    <message>
        <source>民國年（113/08/29）</source>
        <translation>ROC year (113/08/29)</translation>
    </message>
    <message>
        <source>西元年（2024/08/29）</source>
        <translation>Gregorian year (2024/08/29)</translation>
    </message>
    <message>
        <source>變更語言後，請重新啟動程式。</source>
        <translation>Restart the app after changing the language.</translation>
    </message>
    <message>
        <source>語言 / Language</source>
        <translation>Language / 語言</translation>
    </message>
    <message>
        <source>日期格式</source>
        <translation>Date format</translation>
    </message>
</context>
<context>
    <name>PreviewModel</name>
    <message>
        <source>（無標題）</source>
        <translation>(no header)</translation>
    </message>
    <message>
        <source>（不匯入）</source>
        <translation>(not imported)</translation>
    </message>
</context>
<context>
    <name>ProblemTableModel</name>
    <message>
        <source>工作表</source>
        <translation>Sheet</translation>
    </message>
    <message>
        <source>列</source>
        <translation>Row</translation>
    </message>
    <message>
        <source>欄</source>
        <translation>Column</translation>
    </message>
    <message>
        <source>內容</source>
        <translation>Value</translation>
    </message>
    <message>
        <source>問題</source>
        <translation>Problem</translation>
    </message>
</context>
<context>
    <name>ProgressChart</name>
    <message>
        <source>上傳率</source>
        <translation>Upload Rate</translation>
    </message>
    <message>
        <source>認證率</source>
        <translation>Certification Rate</translation>
    </message>
    <message>
        <source>勾選率</source>
        <translation>Selection Rate</translation>
    </message>
    <message>
        <source>提交率</source>
        <translation>Submission Rate</translation>
    </message>
    <message>
        <source>各班學習歷程進度（%）</source>
        <translation>Portfolio Progress by Class (%)</translation>
    </message>
</context>
<context>
    <name>ProxyEditor</name>
    <message>
        <source>加入</source>
        <translation>Add</translation>
    </message>
    <message>
        <source>移除</source>
        <translation>Remove</translation>
    </message>
    <message>
        <source>上移</source>
        <translation>Move Up</translation>
    </message>
    <message>
        <source>下移</source>
        <translation>Move Down</translation>
    </message>
    <message>
        <source>儲存</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>匯入…</source>
        <translation>Import…</translation>
    </message>
    <message>
        <source>代理順位（拖曳可調整順序）</source>
        <translation>Proxy order (drag to reorder)</translation>
    </message>
    <message>
        <source>職務或教師</source>
        <translation>Office or teacher</translation>
    </message>
    <message>
        <source>代理人名單</source>
        <translation>Proxy lists</translation>
    </message>
    <message>
        <source>{name}（{username}）</source>
        <translation>{name} ({username})</translation>
    </message>
    <message>
        <source>{label}（{count}）</source>
        <translation>{label} ({count})</translation>
    </message>
    <message>
        <source>今天由 {who} 代理（第 {rank} 順位）</source>
        <translation>Today {who} acts as proxy (rank {rank})</translation>
    </message>
    <message>
        <source>今天由 {who} 本人執行</source>
        <translation>Today {who} acts in person</translation>
    </message>
    <message>
        <source>已儲存</source>
        <translation>Saved</translation>
    </message>
</context>
<context>
    <name>ReceiptState</name>
    <message>
        <source>待確認</source>
        <translation>Pending</translation>
    </message>
    <message>
        <source>確認無誤</source>
        <translation>Confirmed</translation>
    </message>
    <message>
        <source>有疑義</source>
        <translation>Disputed</translation>
    </message>
</context>
<context>
    <name>ReceiptTableModel</name>
    <message>
        <source>班級</source>
        <translation>Class</translation>
    </message>
    <message>
        <source>學號</source>
        <translation>Student No.</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>學籍</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>學期</source>
        <translation>Term</translation>
    </message>
    <message>
        <source>件數</source>
        <translation>Items</translation>
    </message>
    <message>
        <source>確認狀態</source>
        <translation>Confirmation</translation>
    </message>
    <message>
        <source>期限</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <source>郵寄通知</source>
        <translation>Mailed Notice</translation>
    </message>
    <message>
        <source>批次</source>
        <translation>Batch</translation>
    </message>
    <message>
        <source>寄出</source>
        <translation>Mailed</translation>
    </message>
    <message>
        <source>回覆</source>
        <translation>Replied</translation>
    </message>
    <message>
        <source>疑義／答覆處室</source>
        <translation>Question / Answering Office</translation>
    </message>
    <message>
        <source>已回覆</source>
        <translation>Replied</translation>
    </message>
    <message>
        <source>退件</source>
        <translation>Returned</translation>
    </message>
    <message>
        <source>已寄出</source>
        <translation>Mailed</translation>
    </message>
    <message>
        <source>已列印</source>
        <translation>Printed</translation>
    </message>
    <message>
        <source>未列印</source>
        <translation>Not printed</translation>
    </message>
    <message>
        <source>{state}（{via}）</source>
        <translation>{state} ({via})</translation>
    </message>
    <message>
        <source> ／ </source>
        <translation> / </translation>
    </message>
</context>
<context>
    <name>ReceiptsPage</name>
    <message>
        <source>全部</source>
        <translation>All</translation>
    </message>
    <message>
        <source>待確認</source>
        <translation>Pending</translation>
    </message>
    <message>
        <source>已寄出未回覆</source>
        <translation>Mailed, no reply</translation>
    </message>
    <message>
        <source>有疑義</source>
        <translation>Disputed</translation>
    </message>
    <message>
        <source>確認無誤</source>
        <translation>Confirmed</translation>
    </message>
    <message>
        <source> 天</source>
        <translation> days</translation>
    </message>
    <message>
        <source>學號或姓名</source>
        <translation>Student no. or name</translation>
    </message>
    <message>
        <source>範圍</source>
        <translation>Scope</translation>
    </message>
    <message>
        <source>狀態</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>匯入收訖明細…</source>
        <translation>Import Receipt Details…</translation>
    </message>
    <message>
        <source>登錄確認／疑義…</source>
        <translation>Record Confirmation / Dispute…</translation>
    </message>
    <message>
        <source>登錄回條…</source>
        <translation>Record Reply Slip…</translation>
    </message>
    <message>
        <source>登錄退件</source>
        <translation>Record Returned Mail</translation>
    </message>
    <message>
        <source>列印郵寄通知…</source>
        <translation>Print Mailed Notices…</translation>
    </message>
    <message>
        <source>通知批次…</source>
        <translation>Notice Batches…</translation>
    </message>
    <message>
        <source>信頭與信封設定…</source>
        <translation>Letterhead and Envelope…</translation>
    </message>
    <message>
        <source>全部離校學生</source>
        <translation>All departed students</translation>
    </message>
    <message>
        <source>全部學生</source>
        <translation>All students</translation>
    </message>
    <message>
        <source>收訖明細</source>
        <translation>Receipt details</translation>
    </message>
    <message>
        <source>{n} 筆</source>
        <translation>{n} records</translation>
    </message>
    <message>
        <source>無法完成</source>
        <translation>Cannot Complete</translation>
    </message>
    <message>
        <source>登錄回條</source>
        <translation>Record Reply Slip</translation>
    </message>
    <message>
        <source>登錄確認／疑義</source>
        <translation>Record Confirmation / Dispute</translation>
    </message>
    <message>
        <source>信頭與信封設定</source>
        <translation>Letterhead and envelope</translation>
    </message>
</context>
<context>
    <name>RemoveConsultationDialog</name>
    <message>
        <source>刪除諮詢紀錄</source>
        <translation>Remove Consultation Record</translation>
    </message>
    <message>
        <source>要刪除 {date} {mode}（{teacher}；{students}）這筆紀錄嗎？
內容會保留在稽核紀錄中。</source>
        <translation>Remove the record of {date}, {mode} ({teacher}; {students})?
Its content is kept in the audit log.</translation>
    </message>
    <message>
        <source>刪除原因（如：重複登錄）</source>
        <translation>Reason (e.g. entered twice)</translation>
    </message>
    <message>
        <source>刪除</source>
        <translation>Remove</translation>
    </message>
</context>
<context>
    <name>Role</name>
    <message>
        <source>註冊組</source>
        <translation>Registry Office</translation>
    </message>
    <message>
        <source>進修部教務組</source>
        <translation>Continuing Education Academic Office</translation>
    </message>
    <message>
        <source>註冊組／進修部教務組</source>
        <translation>Registry Office / Continuing Education Academic Office</translation>
    </message>
    <message>
        <source>教學組</source>
        <translation>Academic Affairs Office</translation>
    </message>
    <message>
        <source>訓育組</source>
        <translation>Student Activities Office</translation>
    </message>
    <message>
        <source>進修部學務組</source>
        <translation>Continuing Education Student Affairs Office</translation>
    </message>
    <message>
        <source>訓育組／進修部學務組</source>
        <translation>Student Activities Office / Continuing Education Student Affairs Office</translation>
    </message>
    <message>
        <source>生輔組</source>
        <translation>Discipline Office</translation>
    </message>
    <message>
        <source>進修部生輔組</source>
        <translation>Continuing Education Discipline Office</translation>
    </message>
    <message>
        <source>生輔組／進修部生輔組</source>
        <translation>Discipline Office / Continuing Education Discipline Office</translation>
    </message>
    <message>
        <source>導師</source>
        <translation>Mentor</translation>
    </message>
    <message>
        <source>任課教師</source>
        <translation>Course Teacher</translation>
    </message>
    <message>
        <source>課程諮詢教師</source>
        <translation>Course Consultation Teacher</translation>
    </message>
    <message>
        <source>資訊媒體組</source>
        <translation>IT Office</translation>
    </message>
    <message>
        <source>教務主任（執行秘書）</source>
        <translation>Dean (working-group secretary)</translation>
    </message>
    <message>
        <source>系統管理者</source>
        <translation>Administrator</translation>
    </message>
</context>
<context>
    <name>RosterPage</name>
    <message>
        <source>輸入學號或姓名篩選（Ctrl+F）</source>
        <translation>Type a student no. or name to filter (Ctrl+F)</translation>
    </message>
    <message>
        <source>篩選(&amp;L)：</source>
        <translation>Fi&amp;lter:</translation>
    </message>
    <message>
        <source>顯示離校學生(&amp;D)</source>
        <translation>Show &amp;Departed Students</translation>
    </message>
    <message>
        <source>名冊</source>
        <translation>Roster</translation>
    </message>
    <message>
        <source>名冊：這個帳號不能查看學籍資料。</source>
        <translation>Roster: this account may not view student records.</translation>
    </message>
    <message>
        <source>{classes} 班｜學生 {total} 人（離校 {departed} 人）｜目前顯示 {shown} 人</source>
        <translation>{classes} classes | {total} students ({departed} departed) | {shown} shown</translation>
    </message>
</context>
<context>
    <name>SchoolForm</name>
    <message>
        <source>教育部學校代碼，例如 213303</source>
        <translation>Ministry of Education school code, e.g. 213303</translation>
    </message>
    <message>
        <source>日間部</source>
        <translation>Day School</translation>
    </message>
    <message>
        <source>進修部</source>
        <translation>Continuing Education Division</translation>
    </message>
    <message>
        <source>新科別名稱，例如 普通科</source>
        <translation>New department name, e.g. General</translation>
    </message>
    <message>
        <source>新增科別</source>
        <translation>Add Department</translation>
    </message>
    <message>
        <source>刪除所選</source>
        <translation>Delete Selected</translation>
    </message>
    <message>
        <source>校名</source>
        <translation>School name</translation>
    </message>
    <message>
        <source>學校代碼</source>
        <translation>School code</translation>
    </message>
    <message>
        <source>部別</source>
        <translation>Division</translation>
    </message>
    <message>
        <source>科別（可直接編輯）</source>
        <translation>Departments (editable)</translation>
    </message>
</context>
<context>
    <name>SessionKind</name>
    <message>
        <source>宣導說明</source>
        <translation>Information Session</translation>
    </message>
    <message>
        <source>系統操作訓練</source>
        <translation>System Training</translation>
    </message>
    <message>
        <source>專業研習</source>
        <translation>Professional Workshop</translation>
    </message>
    <message>
        <source>成果發表</source>
        <translation>Showcase</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>設定</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>學校</source>
        <translation>School</translation>
    </message>
    <message>
        <source>件數上限</source>
        <translation>Item Limits</translation>
    </message>
    <message>
        <source>信頭與回郵地址</source>
        <translation>Letterhead and Return Address</translation>
    </message>
    <message>
        <source>備份</source>
        <translation>Backups</translation>
    </message>
    <message>
        <source>介面</source>
        <translation>Display</translation>
    </message>
    <message>
        <source>目前學期</source>
        <translation>Current term</translation>
    </message>
    <message>
        <source>讀取學校設定</source>
        <translation>Reading the school settings</translation>
    </message>
    <message>
        <source>儲存學校設定</source>
        <translation>Saving the school settings</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>快捷鍵</source>
        <translation>Keyboard Shortcuts</translation>
    </message>
    <message>
        <source>按鍵</source>
        <translation>Keys</translation>
    </message>
    <message>
        <source>功能</source>
        <translation>Action</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <source>登入 — 學生學習歷程檔案</source>
        <translation>Sign In — Student Learning Portfolio</translation>
    </message>
    <message>
        <source>帳號</source>
        <translation>User Name</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>密碼</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>新密碼</source>
        <translation>New password</translation>
    </message>
    <message>
        <source>再輸入一次</source>
        <translation>Confirm</translation>
    </message>
    <message>
        <source>登入</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <source>這是新的資料庫，請先建立系統管理者帳號（密碼至少 8 個字元）。</source>
        <translation>This is a new database: create the administrator account first (password of at least 8 characters).</translation>
    </message>
    <message>
        <source>系統管理者已重設您的密碼，請設定新密碼後再繼續。</source>
        <translation>The administrator has reset your password; set a new one to continue.</translation>
    </message>
    <message>
        <source>這是您第一次登入，請設定您自己的密碼（至少 8 個字元）後再繼續。</source>
        <translation>This is your first sign-in: set your own password (at least 8 characters) to continue.</translation>
    </message>
    <message>
        <source>請以您自己的帳號登入。</source>
        <translation>Sign in with your own account.</translation>
    </message>
</context>
<context>
    <name>StaffDialog</name>
    <message>
        <source>人員資料</source>
        <translation>Staff Member</translation>
    </message>
    <message>
        <source>留空則不開帳號</source>
        <translation>Leave blank to create no account</translation>
    </message>
    <message>
        <source>帳號</source>
        <translation>User Name</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>職務（以逗號分隔）</source>
        <translation>Roles (comma-separated)</translation>
    </message>
    <message>
        <source>初始密碼</source>
        <translation>Initial password</translation>
    </message>
    <message>
        <source>離職日</source>
        <translation>Departure date</translation>
    </message>
    <message>
        <source>帳號保留至（可認證）</source>
        <translation>Account kept until (may certify)</translation>
    </message>
</context>
<context>
    <name>StaffModel</name>
    <message>
        <source>帳號</source>
        <translation>User Name</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>職務</source>
        <translation>Roles</translation>
    </message>
    <message>
        <source>帳號狀態</source>
        <translation>Account Status</translation>
    </message>
    <message>
        <source>離職</source>
        <translation>Departed</translation>
    </message>
    <message>
        <source>請假</source>
        <translation>Leave</translation>
    </message>
    <message>
        <source>無帳號</source>
        <translation>No account</translation>
    </message>
    <message>
        <source>停用</source>
        <translation>Disabled</translation>
    </message>
    <message>
        <source>鎖定中</source>
        <translation>Locked</translation>
    </message>
    <message>
        <source>需變更密碼</source>
        <translation>Must change password</translation>
    </message>
    <message>
        <source>正常</source>
        <translation>Active</translation>
    </message>
    <message>
        <source>{date}（保留至 {until}）</source>
        <translation>{date} (kept until {until})</translation>
    </message>
    <message>
        <source>{start}～{end}</source>
        <translation>{start} – {end}</translation>
    </message>
</context>
<context>
    <name>Status</name>
    <message>
        <source>在學</source>
        <translation>Enrolled</translation>
    </message>
    <message>
        <source>休學</source>
        <translation>Suspended</translation>
    </message>
    <message>
        <source>復學</source>
        <translation>Reinstated</translation>
    </message>
    <message>
        <source>轉入</source>
        <translation>Transferred In</translation>
    </message>
    <message>
        <source>轉出</source>
        <translation>Transferred Out</translation>
    </message>
    <message>
        <source>重讀</source>
        <translation>Repeating</translation>
    </message>
    <message>
        <source>借讀</source>
        <translation>Visiting</translation>
    </message>
    <message>
        <source>退學</source>
        <translation>Withdrawn</translation>
    </message>
    <message>
        <source>畢業</source>
        <translation>Graduated</translation>
    </message>
    <message>
        <source>離校</source>
        <translation>Left</translation>
    </message>
</context>
<context>
    <name>StudentDetailDialog</name>
    <message>
        <source>學號</source>
        <translation>Student No.</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>身分證統一編號</source>
        <translation>National ID</translation>
    </message>
    <message>
        <source>性別</source>
        <translation>Gender</translation>
    </message>
    <message>
        <source>出生日期</source>
        <translation>Date of Birth</translation>
    </message>
    <message>
        <source>部別</source>
        <translation>Division</translation>
    </message>
    <message>
        <source>科別</source>
        <translation>Department</translation>
    </message>
    <message>
        <source>班級</source>
        <translation>Class</translation>
    </message>
    <message>
        <source>座號</source>
        <translation>Seat</translation>
    </message>
    <message>
        <source>學籍狀態</source>
        <translation>Enrolment Status</translation>
    </message>
    <message>
        <source>離校日期</source>
        <translation>Date Left</translation>
    </message>
    <message>
        <source>郵遞區號</source>
        <translation>Postal code</translation>
    </message>
    <message>
        <source>通訊地址</source>
        <translation>Mailing Address</translation>
    </message>
    <message>
        <source>監護人</source>
        <translation>Guardian</translation>
    </message>
    <message>
        <source>聯絡電話</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>電子郵件</source>
        <translation>Email</translation>
    </message>
    <message>
        <source>：</source>
        <translation>: </translation>
    </message>
    <message>
        <source>學生資料</source>
        <translation>Student record</translation>
    </message>
    <message>
        <source>學生資料：{no} {name}</source>
        <translation>Student Details: {no} {name}</translation>
    </message>
    <message>
        <source>（已離校）</source>
        <translation> (departed)</translation>
    </message>
    <message>
        <source>學籍狀態「{status}」已無可登錄的異動。</source>
        <translation>No further change can be recorded from the status &quot;{status}&quot;.</translation>
    </message>
    <message>
        <source>（不變）</source>
        <translation>(unchanged)</translation>
    </message>
    <message>
        <source>將 {who} 的學籍狀態由「{old}」改為「{new}」，異動日期 {date}。</source>
        <translation>{who}&apos;s status changes from “{old}” to “{new}”, dated {date}. </translation>
    </message>
    <message>
        <source>並轉到 {code} 班。</source>
        <translation>The student moves to class {code}. </translation>
    </message>
    <message>
        <source>學生將列為離校：不再計入在學人數，也不會出現在催辦名單。</source>
        <translation>The student will be listed as departed: no longer counted at school nor on follow-up lists.</translation>
    </message>
    <message>
        <source>

學籍異動會留下紀錄；登錄錯了，可用「撤銷最近一筆異動」撤銷（留有稽核紀錄），或再登錄一筆異動更正。

確定要登錄嗎？</source>
        <translation>

A status change is kept on record; if it was entered by mistake, withdraw it with &quot;Withdraw the latest change&quot; (the audit log keeps it), or record another change to correct it.

Record it?</translation>
    </message>
    <message>
        <source>確認學籍異動</source>
        <translation>Confirm the status change</translation>
    </message>
    <message>
        <source>撤銷學籍異動</source>
        <translation>Withdraw a status change</translation>
    </message>
    <message>
        <source>這位學生沒有可撤銷的學籍異動</source>
        <translation>This student has no status change to withdraw</translation>
    </message>
    <message>
        <source>撤銷 {date} 的異動「{old} → {new}」：學生回到異動前的學籍狀態、班級及離校日期，稽核紀錄會留下。
請填寫撤銷原因（例如：誤登錄到別的學生）：</source>
        <translation>Withdraw the change of {date} &quot;{old} → {new}&quot;: the student&apos;s status, class and leaving date go back to what they were before; the audit log keeps it.
Why is it withdrawn (e.g. entered for the wrong student)?</translation>
    </message>
    <message>
        <source>已撤銷異動（{undone}）；學生現為 {status}</source>
        <translation>Change withdrawn ({undone}); the student is now {status}</translation>
    </message>
    <message>
        <source>已登錄：{date} {old} → {new}</source>
        <translation>Recorded: {date} {old} → {new}</translation>
    </message>
    <message>
        <source>登錄學籍異動</source>
        <translation>Record a status change</translation>
    </message>
</context>
<context>
    <name>StudentDetailForm</name>
    <message>
        <source>學生資料</source>
        <translation>Student Details</translation>
    </message>
    <message>
        <source>學籍異動紀錄</source>
        <translation>Status Change History</translation>
    </message>
    <message>
        <source>登錄學籍異動</source>
        <translation>Record Status Change</translation>
    </message>
    <message>
        <source>新學籍狀態(&amp;N)：</source>
        <translation>&amp;New status:</translation>
    </message>
    <message>
        <source>異動日期(&amp;T)：</source>
        <translation>Da&amp;te of change:</translation>
    </message>
    <message>
        <source>原因(&amp;R)：</source>
        <translation>&amp;Reason:</translation>
    </message>
    <message>
        <source>例如：家庭因素、轉學至他校、依公文文號…</source>
        <translation>e.g. family reasons, transfer to another school, official letter number…</translation>
    </message>
    <message>
        <source>新班級(&amp;C)：</source>
        <translation>New &amp;class:</translation>
    </message>
    <message>
        <source>撤銷最近一筆異動…</source>
        <translation>Withdraw the latest change…</translation>
    </message>
    <message>
        <source>最近一筆異動登錄錯了（例如登錄到別的學生）：撤銷它，學生回到異動前的狀態</source>
        <translation>The latest change was entered by mistake (e.g. for the wrong student): withdraw it and the student is as before</translation>
    </message>
    <message>
        <source>登錄異動(&amp;S)</source>
        <translation>Record &amp;Change</translation>
    </message>
    <message>
        <source>關閉</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>StudentItemsDialog</name>
    <message>
        <source>期程外補辦理由（期程已過時填寫，事後會簽）</source>
        <translation>Reason for late work (after the window; countersigned afterwards)</translation>
    </message>
    <message>
        <source>新增項目…</source>
        <translation>Add Item…</translation>
    </message>
    <message>
        <source>學習歷程項目</source>
        <translation>Portfolio items</translation>
    </message>
    <message>
        <source>{term}&#x3000;學號 {no} {name}&#x3000;共 {n} 件</source>
        <translation>{term}   Student No. {no} {name}   {n} items</translation>
    </message>
    <message>
        <source>學習歷程項目 — {no} {name}</source>
        <translation>Portfolio Items — {no} {name}</translation>
    </message>
    <message>
        <source>新增項目</source>
        <translation>Add Item</translation>
    </message>
    <message>
        <source>新增學習歷程項目</source>
        <translation>Add Portfolio Item</translation>
    </message>
    <message>
        <source>類別</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>多元表現細項</source>
        <translation>Performance category</translation>
    </message>
    <message>
        <source>名稱</source>
        <translation>Title</translation>
    </message>
    <message>
        <source>課程代碼（課程學習成果）</source>
        <translation>Course code (course learning outcomes)</translation>
    </message>
    <message>
        <source>不通過的原因：</source>
        <translation>Reason for rejection:</translation>
    </message>
</context>
<context>
    <name>StudentTableModel</name>
    <message>
        <source>學號</source>
        <translation>Student No.</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>班級</source>
        <translation>Class</translation>
    </message>
    <message>
        <source>座號</source>
        <translation>Seat</translation>
    </message>
    <message>
        <source>性別</source>
        <translation>Gender</translation>
    </message>
    <message>
        <source>身分證統一編號</source>
        <translation>National ID</translation>
    </message>
    <message>
        <source>出生日期</source>
        <translation>Date of Birth</translation>
    </message>
    <message>
        <source>學籍狀態</source>
        <translation>Enrolment Status</translation>
    </message>
    <message>
        <source>離校日期</source>
        <translation>Date Left</translation>
    </message>
    <message>
        <source>部別</source>
        <translation>Division</translation>
    </message>
    <message>
        <source>科別</source>
        <translation>Department</translation>
    </message>
    <message>
        <source>聯絡電話</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>已離校（{status}）</source>
        <translation>Departed ({status})</translation>
    </message>
</context>
<context>
    <name>SubmitRolesForm</name>
    <message>
        <source>提交分工</source>
        <translation>Who submits</translation>
    </message>
    <message>
        <source>{kind}：{office}</source>
        <translation>{kind}: {office}</translation>
    </message>
    <message>
        <source>自訂（維持目前設定）</source>
        <translation>Custom (keep the current setting)</translation>
    </message>
</context>
<context>
    <name>TermForm</name>
    <message>
        <source>第 1 學期</source>
        <translation>Semester 1</translation>
    </message>
    <message>
        <source>第 2 學期</source>
        <translation>Semester 2</translation>
    </message>
    <message>
        <source>學年度</source>
        <translation>School year</translation>
    </message>
    <message>
        <source>學期</source>
        <translation>Term</translation>
    </message>
</context>
<context>
    <name>WindowKind</name>
    <message>
        <source>上傳</source>
        <translation>Upload</translation>
    </message>
    <message>
        <source>認證</source>
        <translation>Certification</translation>
    </message>
    <message>
        <source>勾選</source>
        <translation>Selection</translation>
    </message>
    <message>
        <source>提交</source>
        <translation>Submission</translation>
    </message>
    <message>
        <source>收訖確認</source>
        <translation>Receipt Confirmation</translation>
    </message>
    <message>
        <source>自我檢核</source>
        <translation>Self-Check</translation>
    </message>
</context>
<context>
    <name>WindowsEditor</name>
    <message>
        <source>項目</source>
        <translation>Window</translation>
    </message>
    <message>
        <source>設定</source>
        <translation>Set</translation>
    </message>
    <message>
        <source>開始時間</source>
        <translation>Starts At</translation>
    </message>
    <message>
        <source>結束時間</source>
        <translation>Ends At</translation>
    </message>
    <message>
        <source>備註</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>儲存期程</source>
        <translation>Save Windows</translation>
    </message>
    <message>
        <source>匯入…</source>
        <translation>Import…</translation>
    </message>
    <message>
        <source>匯出…</source>
        <translation>Export…</translation>
    </message>
    <message>
        <source>作業期程僅供查看：</source>
        <translation>The schedule is view only: </translation>
    </message>
    <message>
        <source>作業期程</source>
        <translation>Work Windows</translation>
    </message>
    <message>
        <source>匯出作業期程</source>
        <translation>Export Work Windows</translation>
    </message>
    <message>
        <source>作業期程{term}.xlsx</source>
        <translation>work_windows_{term}.xlsx</translation>
    </message>
    <message>
        <source>Excel 活頁簿 (*.xlsx)</source>
        <translation>Excel Workbook (*.xlsx)</translation>
    </message>
</context>
<context>
    <name>WorkgroupPage</name>
    <message>
        <source>學年度 </source>
        <translation>School year </translation>
    </message>
    <message>
        <source>成員</source>
        <translation>Members</translation>
    </message>
    <message>
        <source>會議</source>
        <translation>Meetings</translation>
    </message>
    <message>
        <source>宣導及研習</source>
        <translation>Sessions</translation>
    </message>
    <message>
        <source>辦理情形</source>
        <translation>Compliance</translation>
    </message>
    <message>
        <source>成效評核</source>
        <translation>Evaluation</translation>
    </message>
    <message>
        <source>工作小組紀錄僅供查看：</source>
        <translation>Working-group records are view only: </translation>
    </message>
    <message>
        <source>序</source>
        <translation>No.</translation>
    </message>
    <message>
        <source>職稱</source>
        <translation>Title</translation>
    </message>
    <message>
        <source>職責</source>
        <translation>Duty</translation>
    </message>
    <message>
        <source>取代現有名單</source>
        <translation>Replace the current list</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>套用範本</source>
        <translation>Apply Template</translation>
    </message>
    <message>
        <source>新增成員</source>
        <translation>Add Member</translation>
    </message>
    <message>
        <source>移除所選</source>
        <translation>Remove Selected</translation>
    </message>
    <message>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>學期</source>
        <translation>Term</translation>
    </message>
    <message>
        <source>議程</source>
        <translation>Agenda</translation>
    </message>
    <message>
        <source>會議紀錄</source>
        <translation>Minutes</translation>
    </message>
    <message>
        <source>會議紀錄檔（選填）</source>
        <translation>Minutes file (optional)</translation>
    </message>
    <message>
        <source>選擇檔案…</source>
        <translation>Choose File…</translation>
    </message>
    <message>
        <source>登錄會議</source>
        <translation>Record Meeting</translation>
    </message>
    <message>
        <source>類別</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>對象</source>
        <translation>Audience</translation>
    </message>
    <message>
        <source>人數</source>
        <translation>Attendance</translation>
    </message>
    <message>
        <source>名稱</source>
        <translation>Title</translation>
    </message>
    <message>
        <source>承辦</source>
        <translation>Organiser</translation>
    </message>
    <message>
        <source>出席人數</source>
        <translation>Attendance</translation>
    </message>
    <message>
        <source>承辦單位</source>
        <translation>Organiser</translation>
    </message>
    <message>
        <source>登錄場次</source>
        <translation>Record Session</translation>
    </message>
    <message>
        <source>狀態</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>項目</source>
        <translation>Requirement</translation>
    </message>
    <message>
        <source>完成/應辦</source>
        <translation>Done/Required</translation>
    </message>
    <message>
        <source>期限</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <source>說明</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>依據</source>
        <translation>Basis</translation>
    </message>
    <message>
        <source>預定日期</source>
        <translation>Planned date</translation>
    </message>
    <message>
        <source>完成日期</source>
        <translation>Date done</translation>
    </message>
    <message>
        <source>適用規定</source>
        <translation>Applicable regulation</translation>
    </message>
    <message>
        <source>套用</source>
        <translation>Apply</translation>
    </message>
    <message>
        <source>自我檢核</source>
        <translation>Self-Check</translation>
    </message>
    <message>
        <source>儲存檢核日期</source>
        <translation>Save Self-Check Dates</translation>
    </message>
    <message>
        <source>評核項目</source>
        <translation>Duty</translation>
    </message>
    <message>
        <source>負責人</source>
        <translation>Responsible</translation>
    </message>
    <message>
        <source>準時/總數</source>
        <translation>On Time/Total</translation>
    </message>
    <message>
        <source>達成率</source>
        <translation>Rate</translation>
    </message>
    <message>
        <source>達標</source>
        <translation>Met</translation>
    </message>
    <message>
        <source>明細</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>工作小組</source>
        <translation>Working group</translation>
    </message>
    <message>
        <source>已完成 {done}、待辦 {due}、逾期 {late}</source>
        <translation>{done} done, {due} due, {late} late</translation>
    </message>
    <message>
        <source>成效評核僅限教務主任（執行秘書）查看</source>
        <translation>Only the dean (working-group secretary) may view the evaluation</translation>
    </message>
    <message>
        <source>（無）</source>
        <translation>(none)</translation>
    </message>
    <message>
        <source>敘獎候選（提交工作小組議決）：{names}</source>
        <translation>Candidates for commendation (for the working group to decide): {names}</translation>
    </message>
    <message>
        <source>（另逾期補辦 {n}）</source>
        <translation> (+{n} done late)</translation>
    </message>
    <message>
        <source>已套用成員範本</source>
        <translation>Member template applied</translation>
    </message>
    <message>
        <source>已新增成員</source>
        <translation>Member added</translation>
    </message>
    <message>
        <source>請先選一位成員</source>
        <translation>Select a member first</translation>
    </message>
    <message>
        <source>已移除成員</source>
        <translation>Member removed</translation>
    </message>
    <message>
        <source>選擇會議紀錄</source>
        <translation>Choose the Minutes</translation>
    </message>
    <message>
        <source>已登錄會議</source>
        <translation>Meeting recorded</translation>
    </message>
    <message>
        <source>已登錄場次</source>
        <translation>Session recorded</translation>
    </message>
    <message>
        <source>已套用規定</source>
        <translation>Regulation applied</translation>
    </message>
    <message>
        <source>已儲存自我檢核日期</source>
        <translation>Self-check dates saved</translation>
    </message>
</context>
<context>
    <name>WorkgroupTemplate</name>
    <message>
        <source>臺南二中補充規定（109）第三點：17 人</source>
        <translation>Tainan Second Senior High regulation (2020), point 3: 17 members</translation>
    </message>
    <message>
        <source>岡山農工補充規定（112）第二點：25 人</source>
        <translation>Kangshan Agricultural &amp; Industrial regulation (2023), point 2: 25 members</translation>
    </message>
    <message>
        <source>臺南二中補充規定（109）</source>
        <translation>Tainan Second Senior High regulation (2020)</translation>
    </message>
    <message>
        <source>岡山農工補充規定（112）</source>
        <translation>Kangshan Agricultural &amp; Industrial regulation (2023)</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <source>學生學習歷程檔案</source>
        <translation>Student Learning Portfolio</translation>
    </message>
    <message>
        <source>無法開啟資料庫</source>
        <translation>Cannot Open the Database</translation>
    </message>
</context>
<context>
    <name>auto_backup</name>
    <message>
        <source>已完成今日自動備份：{name}</source>
        <translation>Today&apos;s automatic backup is done: {name}</translation>
    </message>
    <message>
        <source>今日自動備份失敗：{err}</source>
        <translation>Today&apos;s automatic backup failed: {err}</translation>
    </message>
    <message>
        <source>自動備份</source>
        <translation>Automatic Backup</translation>
    </message>
    <message>
        <source>結束時的自動備份失敗：{err}</source>
        <translation>The automatic backup on exit failed: {err}</translation>
    </message>
    <message>
        <source>正在備份資料庫…</source>
        <translation>Backing up the database…</translation>
    </message>
</context>
<context>
    <name>dates</name>
    <message>
        <source>{year}年{month}月{day}日</source>
        <translation>{month}/{day}/{year}</translation>
    </message>
</context>
<context>
    <name>labels</name>
    <message>
        <source>{kind}（{category}）</source>
        <translation>{kind} ({category})</translation>
    </message>
    <message>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <source>{role}（兩部）</source>
        <translation>{role} (both divisions)</translation>
    </message>
    <message>
        <source>{role}（{detail}）</source>
        <translation>{role} ({detail})</translation>
    </message>
    <message>
        <source>預定 {date}</source>
        <translation>planned for {date}</translation>
    </message>
    <message>
        <source>未訂自我檢核日期</source>
        <translation>no self-check date set</translation>
    </message>
    <message>
        <source>{note}；已於 {date} 完成</source>
        <translation>{note}; done on {date}</translation>
    </message>
</context>
<context>
    <name>messages</name>
    <message>
        <source>{file}：{what}</source>
        <translation>{file}: {what}</translation>
    </message>
    <message>
        <source>{file} [{sheet}] 第 {row} 列，欄「{column}」：「{value}」{what}</source>
        <translation>{file} [{sheet}] row {row}, column &quot;{column}&quot;: &quot;{value}&quot; {what}</translation>
    </message>
</context>
<context>
    <name>progress</name>
    <message>
        <source>請稍候</source>
        <translation>Please Wait</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>secret_prompt</name>
    <message>
        <source>機密資料</source>
        <translation>Secrets</translation>
    </message>
    <message>
        <source>這台電腦沒有可用的系統密碼保存處（Windows 的認證管理員），無法保存備份加密金鑰等機密資料。

要改用本機的加密檔案保存嗎？需要設定一組主密碼，每次開啟程式時輸入。</source>
        <translation>This computer has no usable system password store (Windows Credential Manager), so secrets such as the backup key cannot be kept.

Keep them in an encrypted file on this computer instead? You set a master password and type it each time the program starts.</translation>
    </message>
</context>
</TS>
