"""Every state change of trajectories, one module per area: matching, meetings, planning, claims, exports, and the
reports rendered in the background (generated_reports)."""
