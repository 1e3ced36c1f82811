"""What happens after a registration is stored.

``registration_created`` is the single call point for everything that follows a committed
registration (confirmation to the visitor, notice to the organisers). The form view calls it
in ``transaction.on_commit``, so it never runs for a registration that was rolled back and a
failure here can never undo one. The e-mails themselves are added on top of this module.
"""


def registration_created(registration_id):
    """Called once per registration, after its transaction has committed.

    ``registration_id`` is the primary key of a ``forms.models.Registration``; its bookings
    (confirmed or waiting) are already stored. For now nothing is sent.
    """
