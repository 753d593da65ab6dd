"""How a message leaves BookBus besides the in-app notification: pluggable senders, one per channel.

``BOOKBUS["NOTIFICATION_SENDERS"]`` lists the dotted paths of the senders in use (``BOOKBUS_NOTIFICATION_SENDERS``,
comma-separated). ``EmailSender`` goes through Django's mail framework (``EMAIL_BACKEND``); an SMS gateway is a
class with ``channel = "sms"`` and a ``send`` that calls it. ``LogSmsSender`` writes each text message to the log
(the way Django's console e-mail backend does), for development and for a library without a gateway yet.
"""

import logging
from dataclasses import dataclass
from typing import Protocol

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


class Sender(Protocol):
    channel: str

    def send(self, message: Message) -> bool:
        """Send ``message``; False when the person has no address on this channel."""


class EmailSender:
    channel = "email"

    def send(self, message: Message) -> bool:
        if not message.email:
            return False
        send_mail(message.subject, message.body, settings.DEFAULT_FROM_EMAIL, [message.email])
        return True


class LogSmsSender:
    channel = "sms"

    def send(self, message: Message) -> bool:
        if not message.phone:
            return False
        logger.info("SMS to %s (%s): %s", message.phone, message.name, message.body)
        return True


def senders() -> list[Sender]:
    return [import_string(path)() for path in settings.BOOKBUS["NOTIFICATION_SENDERS"]]


def message_send(message: Message) -> list[str]:
    """Send ``message`` through every configured sender that can reach the person; returns the channels used."""
    return [sender.channel for sender in senders() if sender.send(message)]
