from parta.messaging.models.announcements import Announcement, AnnouncementAttachment, Event
from parta.messaging.models.messages import Message, MessageAttachment, Thread, ThreadParticipant
from parta.messaging.models.notifications import (
    Notification,
    NotificationPreference,
    NotificationSettings,
)

__all__ = [
    "Announcement",
    "AnnouncementAttachment",
    "Event",
    "Message",
    "MessageAttachment",
    "Notification",
    "NotificationPreference",
    "NotificationSettings",
    "Thread",
    "ThreadParticipant",
]
