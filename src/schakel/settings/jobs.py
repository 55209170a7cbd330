from .environment import setting

Q_CLUSTER = {
    "name": "schakel",
    "orm": "default",
    "workers": setting("SCHAKEL_WORKERS", default=1, cast=int, group="Background work",
                       help="Worker processes per background-worker instance."),
    "timeout": 600,
    "retry": 900,
    "max_attempts": 3,
    "catch_up": False,
    "save_limit": 500,
    "poll": 2,
    "ack_failures": True,
}
