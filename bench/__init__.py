"""`make bench`: Schakel's benchmark at national scale (issue 6). See docs/performance.md."""
