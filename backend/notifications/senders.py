"""How a message leaves BookBus besides the in-app notification: pluggable senders, one per channel.

``BOOKBUS["NOTIFICATION_SENDERS"]`` lists the dotted paths of the senders in use (``BOOKBUS_NOTIFICATION_SENDERS``,
comma-separated). ``EmailSender`` goes through Django's mail framework (``EMAIL_BACKEND``); an SMS gateway is a
class with ``channel = "sms"`` and a ``send`` that calls it. ``LogSmsSender`` writes each text message to the log
(the way Django's console e-mail backend does), for development and for a library without a gateway yet;
``HttpSmsSender`` posts it to an HTTP SMS gateway (``BOOKBUS["SMS_GATEWAY"]``).

A sender that cannot deliver raises ``SendError`` with the reason; ``message_deliver`` records it per channel and
goes on with the other senders.
"""

import logging
import smtplib
from dataclasses import dataclass, field
from typing import Protocol

import httpx
from django.conf import settings
from django.core.mail import send_mail
from django.utils.module_loading import import_string

logger = logging.getLogger("bookbus.notifications")


@dataclass(frozen=True)
class Message:
    """One message to one person; a sender uses the address of its channel, if there is one."""

    name: str
    subject: str
    body: str
    email: str = ""
    phone: str = ""


class SendError(Exception):
    """The channel could not deliver the message (gateway down, refused, too slow); the text says why."""


class Sender(Protocol):
    channel: str

    def send(self, message: Message) -> bool:
        """Send ``message``; False when the person has no address on this channel. Raises SendError."""


class EmailSender:
    channel = "email"

    def send(self, message: Message) -> bool:
        if not message.email:
            return False
        try:
            send_mail(message.subject, message.body, settings.DEFAULT_FROM_EMAIL, [message.email])
        except (smtplib.SMTPException, OSError) as error:
            raise SendError(f"e-mail not sent: {error}") from error
        return True


class LogSmsSender:
    channel = "sms"

    def send(self, message: Message) -> bool:
        if not message.phone:
            return False
        logger.info("SMS to %s (%s): %s", message.phone, message.name, message.body)
        return True


class HttpSmsSender:
    """Posts each text message to an HTTP SMS gateway, as JSON or as a form (``BOOKBUS["SMS_GATEWAY"]``).

    The body holds the phone number, the sender name and the text under the gateway's own field names
    (``FIELDS``); the API key goes in the ``Authorization`` header as a bearer token, or in a header named by
    ``API_KEY_HEADER``. Any answer but 2xx, a network error or a timeout raises SendError.
    """

    channel = "sms"

    def send(self, message: Message) -> bool:
        if not message.phone:
            return False
        gateway = settings.BOOKBUS["SMS_GATEWAY"]
        if not gateway["URL"]:  # recorded on what was not sent, rather than lost in a worker's log
            raise SendError("SMS gateway not configured: set BOOKBUS_SMS_GATEWAY_URL")
        fields = gateway["FIELDS"]
        body = {fields["to"]: message.phone, fields["from"]: gateway["SENDER"], fields["text"]: message.body}
        headers = {}
        if gateway["API_KEY"]:
            header = gateway["API_KEY_HEADER"]
            headers[header] = f"Bearer {gateway['API_KEY']}" if header == "Authorization" else gateway["API_KEY"]
        sent = {"json": body} if gateway["FORMAT"] == "json" else {"data": body}
        try:
            response = httpx.post(gateway["URL"], headers=headers, timeout=gateway["TIMEOUT_S"], **sent)
        except httpx.TimeoutException as error:
            raise SendError(f"SMS gateway: no answer within {gateway['TIMEOUT_S']} s") from error
        except httpx.HTTPError as error:
            raise SendError(f"SMS gateway unreachable: {error}") from error
        if not response.is_success:
            raise SendError(f"SMS gateway answered {response.status_code}: {response.text[:200]}")
        return True


@dataclass
class Delivery:
    """Where a message went (``channels``) and, per channel that failed, why (``failures``)."""

    channels: list[str] = field(default_factory=list)
    failures: dict[str, str] = field(default_factory=dict)


def senders() -> list[Sender]:
    return [import_string(path)() for path in settings.BOOKBUS["NOTIFICATION_SENDERS"]]


def message_deliver(message: Message, *, skip: tuple[str, ...] = ()) -> Delivery:
    """Send ``message`` through every configured sender that can reach the person, except the channels in
    ``skip`` (already reached); a sender's failure is recorded and does not stop the others."""
    delivery = Delivery()
    for sender in senders():
        if sender.channel in skip:
            continue
        try:
            if sender.send(message):
                delivery.channels.append(sender.channel)
        except SendError as error:
            logger.warning("%s to %s failed: %s", sender.channel, message.name, error)
            delivery.failures[sender.channel] = str(error)
    return delivery


def message_send(message: Message) -> list[str]:
    """Send ``message`` through every configured sender that can reach the person; returns the channels used."""
    return message_deliver(message).channels
