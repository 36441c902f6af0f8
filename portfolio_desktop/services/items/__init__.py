"""Portfolio items per student and class: entry, states, 作業期程 windows, the dashboard, follow-up lists."""
