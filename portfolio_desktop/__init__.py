"""portfolio-desktop: the 學生學習歷程檔案 office app (rosters, items, proxies, mailed notices)."""

__version__ = "0.1.0"
