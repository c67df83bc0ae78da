from parta.diary.models.diary import CalendarFeed, DiaryAcknowledgement, HomeworkCompletion

__all__ = ["CalendarFeed", "DiaryAcknowledgement", "HomeworkCompletion"]
