"""The central 學生學習歷程資料庫's own 名冊 files: read them in, write them for submission."""
