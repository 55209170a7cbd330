"""Actions: work with an owner organisation and a due date, from any route (decision 0072)."""
