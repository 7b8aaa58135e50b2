"""SQLAlchemy models, one module per aggregate. Importing this package registers them."""
from .settings import AppSetting  # noqa: F401
from .users import ApiToken, StaffUser  # noqa: F401
from .accounts import Account, Contact, Subscription  # noqa: F401
from .attributes import AccountAttributeValue, AttributeDefinition  # noqa: F401
from .segments import Segment, SegmentEvent, SegmentMembership  # noqa: F401
from .achievements import AccountMilestone, AccountOutcome, Milestone, Outcome  # noqa: F401
from .playbooks import Playbook, PlaybookEnrollment  # noqa: F401
from .journeys import Journey, JourneyVersion  # noqa: F401
from .templates import EmailTemplate  # noqa: F401
from .enrollments import Enrollment, StepLog  # noqa: F401
from .tasks import Task  # noqa: F401
from .outbox import OutboxEmail  # noqa: F401
from .audit import AuditEntry  # noqa: F401
from .events import Event, EventClientId, EventDailyCount, EventNameStat  # noqa: F401
from .webhooks import Secret, WebhookCall  # noqa: F401
from .suppressions import Suppression  # noqa: F401
