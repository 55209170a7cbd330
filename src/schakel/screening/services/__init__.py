"""The only place that changes screening records (and, through signalling's table services, signals)."""

from .agenda import build_agenda, edit_item, move, next_open_meeting, put_forward, withdraw
from .decisions import (
    RouteChoice,
    close_meeting,
    decide,
    move_to_next,
    record_attendance,
    route_action_finished,
)
from .meetings import cancel_meeting, configure_series, plan_meetings, schedule_extra, send_agenda, send_due_agendas

__all__ = [
    "RouteChoice", "build_agenda", "cancel_meeting", "close_meeting", "configure_series", "decide", "edit_item",
    "move", "move_to_next", "next_open_meeting", "plan_meetings", "put_forward", "record_attendance",
    "route_action_finished", "schedule_extra", "send_agenda", "send_due_agendas", "withdraw",
]
