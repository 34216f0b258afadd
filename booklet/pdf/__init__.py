"""Writing the laid-out pages as a tagged PDF (PDF/UA-1) with ReportLab's canvas."""
