"""What chairs read: the dashboard, monthly reports, figures, exports, shared maps."""
