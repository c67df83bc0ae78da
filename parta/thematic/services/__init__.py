from parta.thematic.data import TopicData
from parta.thematic.services.binding import BindResult, plan_bind, plans_bind_for_lessons
from parta.thematic.services.plan_import import (
    APPEND,
    REPLACE,
    ImportPreview,
    ImportResult,
    import_preview,
    plan_import,
    plan_import_rows,
)
from parta.thematic.services.plans import (
    ApplyReport,
    own_staff_member,
    plan_create,
    plan_delete,
    plan_update,
    template_apply,
    template_reapply,
)
from parta.thematic.services.topics import (
    topic_add,
    topic_delete,
    topic_move,
    topic_update,
    topics_reorder,
    topics_replace,
)

__all__ = [
    "APPEND",
    "REPLACE",
    "ApplyReport",
    "BindResult",
    "ImportPreview",
    "ImportResult",
    "TopicData",
    "import_preview",
    "own_staff_member",
    "plan_bind",
    "plan_create",
    "plan_delete",
    "plan_import",
    "plan_import_rows",
    "plan_update",
    "plans_bind_for_lessons",
    "template_apply",
    "template_reapply",
    "topic_add",
    "topic_delete",
    "topic_move",
    "topic_update",
    "topics_reorder",
    "topics_replace",
]
