"""Every state change of trajectories, one module per area: matching, meetings, claims, exports, reports."""
