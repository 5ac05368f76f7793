import secrets

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django_countries.fields import CountryField
from timezone_field import TimeZoneField

from core.models import OwnedModel


class EmailUserManager(UserManager):
    """Users log in with their email; there is no username."""

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class DigestFrequency(models.TextChoices):
    DAILY = "daily", "Daily"
    WEEKLY = "weekly", "Weekly"
    OFF = "off", "Off"


class Theme(models.TextChoices):
    """How NetMed looks: as the device is set, or always light or dark (docs/design.md)."""

    SYSTEM = "system", "As my device is set"
    LIGHT = "light", "Light"
    DARK = "dark", "Dark"


class Weekday(models.IntegerChoices):
    MONDAY = 0, "Monday"
    TUESDAY = 1, "Tuesday"
    WEDNESDAY = 2, "Wednesday"
    THURSDAY = 3, "Thursday"
    FRIDAY = 4, "Friday"
    SATURDAY = 5, "Saturday"
    SUNDAY = 6, "Sunday"


# The IMG pathway term a doctor chooses to say no pathway applies to them.
NOT_AN_IMG = "none"


class User(AbstractUser):
    """A doctor (or a staff member who curates events). Email is the login."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField("email address", unique=True)
    display_name = models.CharField(max_length=150, blank=True)
    career_stage = models.ForeignKey(
        "core.Term",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        limit_choices_to={"kind": "career_stage"},
    )
    specialty = models.ForeignKey(
        "core.Term",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        limit_choices_to={"kind": "specialty"},
    )
    college = models.ForeignKey(
        "core.Term",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        limit_choices_to={"kind": "college"},
        help_text="Your specialist college, as a fellow or a trainee.",
    )
    # The Medical Board's CPD standard: every practising doctor has a CPD home (a college or an
    # accredited organisation), and what the year asks depends on the career stage and whether
    # the doctor is in an accredited program (``cpd.rules.obligation_for``).
    cpd_home = models.ForeignKey(
        "core.Term",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        limit_choices_to={"kind__in": ["college", "association"]},
        verbose_name="CPD home",
        help_text="The college or organisation whose CPD program you follow.",
    )
    in_accredited_program = models.BooleanField(
        "in an accredited training program",
        default=False,
        help_text="An accredited PGY2 program, or a college's specialist training program: "
        "its requirements stand in for CPD.",
    )
    # Where the doctor is heading, not only where they are: events browse and suggestions use
    # these along with the specialty.
    interests = models.ManyToManyField(
        "core.Term",
        blank=True,
        related_name="+",
        limit_choices_to={"kind": "specialty"},
        help_text="Fields you follow or are aiming for, besides your own specialty.",
    )
    training_goal = models.CharField(
        "aiming for",
        max_length=200,
        blank=True,
        help_text="e.g. Cardiology advanced training, a rural generalist post, a PhD.",
    )
    workplace = models.CharField(max_length=200, blank=True)
    city = models.CharField(max_length=100, blank=True)
    state = models.CharField("state or region", max_length=100, blank=True)
    country = CountryField(blank=True, default="AU")
    qualification_country = CountryField(
        "country of primary medical qualification",
        blank=True,
        help_text="For international medical graduates (IMGs).",
    )
    img_pathway = models.ForeignKey(
        "core.Term",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        limit_choices_to={"kind": "img_pathway"},
        verbose_name="IMG pathway",
        help_text="The Medical Board pathway you are registering or registered through.",
    )
    timezone = TimeZoneField(default="Australia/Sydney")
    digest_frequency = models.CharField(
        max_length=10, choices=DigestFrequency.choices, default=DigestFrequency.WEEKLY
    )
    digest_weekday = models.PositiveSmallIntegerField(
        choices=Weekday.choices, default=Weekday.MONDAY, help_text="For weekly digests."
    )
    digest_hour = models.PositiveSmallIntegerField(
        default=7, help_text="Local hour (0–23) at which the digest is sent."
    )
    digest_when_empty = models.BooleanField(
        default=False, help_text="Send the digest even when nothing is due."
    )
    # Applied as <html data-theme> by base.html; "system" leaves it to prefers-color-scheme.
    theme = models.CharField(
        "appearance", max_length=6, choices=Theme.choices, default=Theme.SYSTEM
    )
    # Set when the doctor asks to delete the account; accounts.privacy purges it after a grace.
    deletion_requested_at = models.DateTimeField(null=True, blank=True, editable=False)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = EmailUserManager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(digest_hour__gte=0, digest_hour__lte=23),
                name="user_digest_hour_0_23",
            )
        ]
        indexes = [
            # The few deactivated accounts, so "every published mentor whose account is active"
            # leaves them out without reading every user (MentorProfileQuerySet.published).
            models.Index(fields=["id"], condition=models.Q(is_active=False), name="user_inactive"),
        ]

    def __str__(self) -> str:
        return self.display_name or self.email

    @property
    def is_img(self) -> bool:
        """An international medical graduate: on an IMG pathway or, with none given, qualified
        outside the country they practise in; the pathway "Not applicable" says they are not.
        Select ``img_pathway`` with the user or this costs a query."""
        if self.img_pathway_id:
            return self.img_pathway.code != NOT_AN_IMG
        return bool(self.qualification_country) and self.qualification_country != self.country


def new_card_token() -> str:
    """The secret in a share card's short link (/c/<token>/): 72 random bits, unguessable, and
    short enough for a small QR code."""
    return secrets.token_urlsafe(9)


class ShareCard(OwnedModel):
    """A doctor's "my card": what they choose to show another doctor who scans their QR code or
    opens their short link. The name always shows; every other field only when chosen here.
    A new token (``accounts.cards.revoke``) makes the old link and code lead nowhere."""

    token = models.CharField(max_length=32, unique=True, default=new_card_token, editable=False)
    show_career_stage = models.BooleanField("Show my role (career stage)", default=True)
    show_specialty = models.BooleanField("Show my specialty", default=True)
    show_workplace = models.BooleanField("Show my workplace", default=True)
    show_email = models.BooleanField("Show my sign-in email address", default=False)
    phone = models.CharField(
        "Phone to share", max_length=32, blank=True, help_text="Left empty, no phone is shown."
    )
    website = models.URLField("Web page to share", max_length=500, blank=True)
    linkedin = models.URLField("LinkedIn profile to share", max_length=500, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["owner"], name="sharecard_one_per_owner")]

    def __str__(self) -> str:
        return f"Card of {self.owner}"
