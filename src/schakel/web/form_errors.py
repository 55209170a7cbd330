"""Helpers that every form page uses the same way: posted data and service errors next to fields."""

from django.core.exceptions import ValidationError


def posted_data(request):
    """The submitted data on a POST (even when every box was unticked), None on a GET."""
    return request.POST if request.method == "POST" else None


def add_validation_errors(form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: per field where it names one, else on top."""
    if hasattr(error, "error_dict"):
        for field, messages_ in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages_)
    else:
        form.add_error(None, error.messages)
