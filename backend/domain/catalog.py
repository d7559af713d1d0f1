"""Reference data: application types and checklists, Professional Conduct questions, the
Sworn Statement. Sources: the state's help guide and domain-notes.md."""

from __future__ import annotations

from dataclasses import dataclass, field

MAILING_ADDRESS = "Educator Certification, P.O. Box 480, Jefferson City, MO 65102"

_MAIL_NOTE = (
    "Mail originals to " + MAILING_ADDRESS + "; write your Educator ID on every document "
    "(no fax, email, scans or photocopies)"
)
_TRANSCRIPTS = (
    "Official transcripts from every college attended, sent by the institution or through "
    "the National Student Clearinghouse (originals; transcripts are not returned)"
)
_FINGERPRINTS = (
    "Fingerprint background check: register in MACHS with the department's 4-digit code, "
    "then be fingerprinted by IdentoGO (about $41.75); valid 12 months"
)


@dataclass(frozen=True)
class ApplicationType:
    code: str
    name: str
    description: str
    fee: int
    checklist: tuple[str, ...] = field(default_factory=tuple)
    #: other names people use for it ("sub", "TAC", "principal"), for the chat
    aliases: tuple[str, ...] = ()
    #: offered first when someone has not named a type
    common: bool = False


APPLICATION_TYPES: tuple[ApplicationType, ...] = (
    ApplicationType(
        "initial_professional", "Initial Professional Certificate",
        "First classroom certificate (IPC), valid 4 years, after an approved preparation "
        "program. The application goes to your institution for its recommendation first "
        "(adds about 3-4 weeks).",
        0,
        ("Recommendation from your educator preparation institution (requested online)",
         _TRANSCRIPTS, "Passing content assessment score (Praxis; MoCA before 1 July 2024)",
         "GPA of 2.75 overall, 3.0 in the content area and professional education",
         _FINGERPRINTS, _MAIL_NOTE),
        aliases=(
            "ipc",
            "initial",
            "initial professional",
            "initial teaching certificate",
            "initial certificate",
            # "the first real one, not sub", "my first teaching cert"
            "first real",
            "first teaching",
            "first certificate",
            "first cert",
            "regular teaching certificate",
        ),
        common=True,
    ),
    ApplicationType(
        "administrator", "Administrator",
        "Principal or superintendent certificate; inactive while you do not work as an "
        "administrator.",
        0,
        ("A valid teaching certificate and verification of 3 years of teaching",
         "Master's degree in educational leadership (official transcript)",
         "Passing administrator exit assessment score",
         "Course in the psychology/education of the exceptional child",
         _FINGERPRINTS, _MAIL_NOTE),
        aliases=(
            "principal",
            "assistant principal",
            "superintendent",
            "admin",
            "administrative",
            "school leader",
        ),
        common=True,
    ),
    ApplicationType(
        "student_services", "Student Services",
        "Counselor, psychological examiner or school psychologist: Initial (4 years), then "
        "Career Continuous.",
        0,
        (_TRANSCRIPTS, "Passing designated assessment score",
         "Verification of experience where required", _FINGERPRINTS, _MAIL_NOTE),
        aliases=(
            "counselor",
            "school counselor",
            "counseling",
            "psychological examiner",
            "school psychologist",
            "psychologist",
        ),
        common=True,
    ),
    ApplicationType(
        "substitute", "Substitute",
        "Substitute certificate: 36 college semester hours, or a high-school diploma plus "
        "20 hours of approved substitute training. Valid 4 years (unconfirmed).",
        50,
        ("Official transcripts showing 36 semester hours, OR a high-school diploma and a "
         "certificate of completion of 20 hours of approved substitute training",
         "$50 application fee", _FINGERPRINTS, _MAIL_NOTE),
        aliases=(
            "sub",
            "subbing",
            "substitute teacher",
            "substitute teaching",
            "substitute certificate",
        ),
        common=True,
    ),
    ApplicationType(
        "additional", "Additional Certification",
        "Add a subject or grade-level area to a certificate you already hold.",
        0,
        ("Official transcripts showing the content coursework",
         "Passing content assessment score for the new area", _MAIL_NOTE),
        aliases=(
            "additional",
            "additional area",
            "add an area",
            "another area",
            "another subject",
            "add a subject",
            "new subject",
            "add on",
        ),
        common=True,
    ),
    ApplicationType(
        "speech_language_pathologist", "Speech Language Pathologist",
        "Certificate for speech-language pathologists working in schools.",
        0,
        (_TRANSCRIPTS, "Copy of the state license or ASHA certification if held",
         "Passing designated assessment score", _FINGERPRINTS, _MAIL_NOTE),
        aliases=("slp", "speech", "speech pathologist", "speech therapist", "speech language"),
        common=False,
    ),
    ApplicationType(
        "personal_finance", "Personal Finance",
        "Certificate to teach the personal finance course.",
        0,
        ("Official transcripts showing the required personal finance coursework, or a passing "
         "personal finance assessment score", _MAIL_NOTE),
        aliases=("personal finance", "finance course"),
        common=False,
    ),
    ApplicationType(
        "adult_education_literacy", "Adult Education and Literacy",
        "Certificate for adult education and literacy (AEL) instructors.",
        0,
        (_TRANSCRIPTS, "Verification of required AEL training", _FINGERPRINTS, _MAIL_NOTE),
        aliases=("ael", "adult education", "adult ed", "adult literacy"),
        common=False,
    ),
    ApplicationType(
        "reactivation", "Reactivation",
        "Reactivate an inactive certificate.",
        0,
        ("Verification of professional development or employment as required",
         _FINGERPRINTS, _MAIL_NOTE),
        aliases=("reactivate", "reactivating", "inactive certificate"),
        common=False,
    ),
    ApplicationType(
        "non_mo_graduate", "Non-MO Graduate",
        "For educators who completed preparation or hold a certificate in another state. "
        "Fee $100, not refundable.",
        100,
        ("$100 application fee (not refundable)", _TRANSCRIPTS,
         "Copy of every out-of-state certificate held (front and back)",
         "Passing content assessment score or out-of-state equivalent",
         _FINGERPRINTS, _MAIL_NOTE),
        aliases=(
            "non mo",
            "non mo grad",
            "non missouri",
            "out of state",
            "another state",
            "other state",
            "out of state graduate",
        ),
        common=True,
    ),
    ApplicationType(
        "temporary_authorization", "Temporary Authorization (TAC)",
        "The district applies jointly with the teacher; needs a bachelor's degree in the "
        "subject, GPA 2.75 and a plan of study. Not available for elementary 1-6 or early "
        "childhood. Renewed each year.",
        0,
        ("District's joint application and letter of intent to hire",
         "Official transcript showing a bachelor's degree in the subject area (GPA 2.75)",
         "Plan of study from an approved institution",
         "Fingerprint background check from the last 12 months", _MAIL_NOTE),
        aliases=("tac", "temporary authorization", "temporary certificate", "temp authorization"),
        common=True,
    ),
    ApplicationType(
        "upgrade_ael", "Upgrade AEL",
        "Upgrade an Adult Education and Literacy certificate. Send it 30-60 days before the "
        "current certificate expires.",
        0,
        ("Verification of AEL teaching experience and professional development", _MAIL_NOTE),
        aliases=("upgrade ael", "upgrade adult education"),
        common=False,
    ),
    ApplicationType(
        "upgrade_vocational", "Upgrade Vocational (Career Education)",
        "Upgrade an Initial Career Education certificate to Continuous (90 professional "
        "development hours). Send it 30-60 days before the current certificate expires.",
        0,
        ("Verification of 90 professional development hours",
         "Verification of career education teaching experience", _MAIL_NOTE),
        aliases=(
            "upgrade vocational",
            "upgrade career education",
            "continuous career education",
            "career education continuous",
        ),
        common=False,
    ),
    ApplicationType(
        "upgrade_professional", "Upgrade Professional",
        "Upgrade an Initial Professional Certificate to the Career Continuous Professional "
        "Certificate after 4 years of approved teaching (substitute teaching does not "
        "count). Send it 30-60 days before the current certificate expires.",
        0,
        ("District verification of 4 years of approved teaching",
         "Verification of 2 years of mentoring and the beginning-teacher assistance program",
         "30 professional development hours and yearly evaluations", _MAIL_NOTE),
        aliases=(
            "ccpc",
            "career continuous",
            "career continuous professional",
            "upgrade",
            "upgrade my ipc",
            "continuous professional",
            "career certificate",
            "career cert",
        ),
        common=True,
    ),
    ApplicationType(
        "provisional", "Provisional",
        "Provisional certificate while remaining requirements are completed.",
        0,
        (_TRANSCRIPTS, "Plan of study or statement of remaining requirements",
         _FINGERPRINTS, _MAIL_NOTE),
        aliases=("provisional",),
        common=False,
    ),
    ApplicationType(
        "extension", "Extension",
        "Extend a certificate that is about to expire when requirements are not yet met.",
        0,
        ("Statement explaining why the requirements were not met",
         "Verification of progress toward the requirements", _MAIL_NOTE),
        aliases=("extension", "extend my certificate"),
        common=False,
    ),
)

TYPES_BY_CODE: dict[str, ApplicationType] = {t.code: t for t in APPLICATION_TYPES}


@dataclass(frozen=True)
class ConductQuestion:
    id: str
    text: str


CONDUCT_QUESTIONS: tuple[ConductQuestion, ...] = (
    ConductQuestion(
        "q1_criminal",
        "Have you ever been convicted of, found guilty of, or pled guilty or no contest to a "
        "felony or misdemeanor (other than minor traffic violations), in any state, even if "
        "the sentence was suspended?",
    ),
    ConductQuestion(
        "q2_license_action",
        "Has any professional license or certificate you held in any state ever been denied, "
        "revoked, suspended, surrendered or otherwise disciplined?",
    ),
    ConductQuestion(
        "q3_pending_investigation",
        "Are you currently the subject of a pending criminal charge, or of an investigation "
        "by a school district, licensing authority or law-enforcement agency?",
    ),
    ConductQuestion(
        "q4_child_abuse",
        "Have you ever been the subject of a substantiated report of child abuse or neglect, "
        "or been listed on any child abuse or neglect registry?",
    ),
    ConductQuestion(
        "q5_dismissal",
        "Have you ever been dismissed from, or resigned in lieu of dismissal from, employment "
        "in a school or any position working with children?",
    ),
)

QUESTIONS_BY_ID: dict[str, ConductQuestion] = {q.id: q for q in CONDUCT_QUESTIONS}

SWORN_STATEMENT = (
    "I certify that the information in this application, including my answers to the "
    "Professional Conduct questions, is true, correct and complete to the best of my "
    "knowledge. I understand that a false statement may be grounds for denial, suspension "
    "or revocation of a certificate. I give the Department of Elementary and Secondary "
    "Education permission to verify my professional conduct statements with any agency, "
    "employer or institution. By answering \"I accept\" I sign this application "
    "electronically."
)
SWORN_ACCEPTANCE = "i accept"


def is_sworn_acceptance(text: str | None) -> bool:
    return (text or "").strip().rstrip(".!").strip().lower() == SWORN_ACCEPTANCE


@dataclass(frozen=True)
class Recommendation:
    """Which application fits a situation, and why (the chat's "which application do I
    need" questions end in one of these)."""

    type_code: str
    reason: str


RECOMMENDATIONS: dict[str, Recommendation] = {
    "upgrade_window": Recommendation(
        "upgrade_professional", "you hold a Missouri certificate that expires in 30-60 "
        "days, which is exactly when an upgrade should be sent."),
    "upgrade_early": Recommendation(
        "upgrade_professional", "you hold a Missouri certificate, but send the upgrade only "
        "30-60 days before it expires: wait until then."),
    "upgrade_late": Recommendation(
        "upgrade_professional", "you hold a Missouri certificate that is about to expire or "
        "has expired. Apply now, and ask the help desk whether Reactivation applies."),
    "additional": Recommendation(
        "additional", "you already hold a Missouri certificate and want another area of "
        "certification."),
    "administrator": Recommendation(
        "administrator", "it is for principals and superintendents: it needs a teaching "
        "certificate, 3 years of teaching and a master's in educational leadership."),
    "student_services": Recommendation(
        "student_services", "it covers counselors, psychological examiners and school "
        "psychologists."),
    "slp": Recommendation(
        "speech_language_pathologist", "school speech-language pathologists have an "
        "application of their own (not Student Services), from Missouri or another state."),
    "career_education": Recommendation(
        # The online system has no separate type for a first Career Education certificate
        # (domain notes: sixteen types); it is an Initial Professional application in a
        # Career Education area, and later upgrades through Upgrade Vocational.
        "initial_professional", "a first Career Education certificate is an Initial "
        "Professional application in a Career Education area. It needs a bachelor's degree "
        "plus 4,000 hours of occupational experience, an associate's plus 5,000 hours, or "
        "6,000 hours, and upgrades later through Upgrade Vocational (90 professional "
        "development hours)."),
    "mo_program": Recommendation(
        "initial_professional", "you completed a Missouri-approved preparation program; "
        "your institution recommends you."),
    "other_state": Recommendation(
        "non_mo_graduate", "you completed your preparation program (or hold a certificate) "
        "in another state, not in Missouri (fee $100, not refundable)."),
    "substitute": Recommendation(
        "substitute", "it needs 36 college semester hours, or a high-school diploma plus 20 "
        "hours of approved training."),
    "tac": Recommendation(
        "temporary_authorization", "the hiring district applies jointly with you, so start "
        "with the district."),
    "program": Recommendation(
        "initial_professional", "once you complete a Missouri-approved program, your "
        "institution recommends you for it."),
}
