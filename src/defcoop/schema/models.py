"""The pydantic models: the single source of truth for every published table.

Three kinds of table, each a model with ``TABLE``, ``PK``, ``GRAIN`` and ``DESCRIPTION``:
curated tables that are not records (:class:`Source`, :class:`PublishedTotal`), record
tables (:class:`Record` subclasses, registered in ``records``: actors, positions, events,
agreements, weapon_systems, contracts, deliveries, integrations, statements,
coverage_declarations) and derived tables computed by the build (:class:`RegistryRow`
= ``records``, :class:`ActorCountry`). List fields marked with
:class:`~defcoop.schema.fields.Child` become child tables (agreement_parties, claims,
milestones, ...), with their keys and descriptions on the marker; columns marked
:func:`~defcoop.schema.fields.derived` are computed by the build
(:mod:`defcoop.tabulate.derived`). :mod:`defcoop.schema.derive` turns these models into
the Frictionless Table Schemas, the Arrow schemas, the DuckDB DDL with comments and the
codebook. Adding a table is adding a model to :data:`TABLE_MODELS`.

Input is the text a curator wrote (see :mod:`defcoop.reader`); models run in
pydantic's lax mode so that ``"18"`` becomes an integer, with ``extra="forbid"``
so a misspelt column is an error, and ``allow_inf_nan=False``.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, ClassVar

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, create_model, field_validator

from . import codes, fields
from .fields import (Amount, Bool, Child, Count, Currency, Date, ISO3, Language, Prose, Slug, Text, Url,
                     WholeAmount, WikidataId, Year, derived, ref)

ActorRef = ref("actors")
SourceRef = ref("sources")
EventRef = ref("events")
AgreementRef = ref("agreements")
SystemRef = ref("weapon_systems")
ContractRef = ref("contracts")


class Model(BaseModel):
    """Base: forbid unknown keys, reject NaN/inf, keep text as written."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, frozen=True)

    @field_validator("*", mode="before")
    @classmethod
    def _visible(cls, value: object, info: ValidationInfo) -> object:
        """Every field of every model: no control or invisible character beyond what its type allows
        (see :func:`defcoop.schema.fields.visible`)."""
        if value.__class__ is str and value.isprintable() and value.isascii():
            return value  # the common case: plain ASCII text has nothing hidden
        return fields.visible(value, _chars(cls, info.field_name))


def _chars(model: type[BaseModel], name: str | None) -> fields.Chars:
    key = (model, name)
    found = _CHARS.get(key)
    if found is None:
        info = model.model_fields.get(name or "")
        found = _CHARS[key] = fields.chars_of(info.rebuild_annotation()) if info else fields.STRICT
    return found


_CHARS: dict[tuple[type, str | None], fields.Chars] = {}


# ---------------------------------------------------------------- child rows

class Citation(Model):
    """A record cites a source (row of ``record_sources``)."""

    source_id: SourceRef = Field(description="The source cited (sources.source_id).")
    locator: Text | None = Field(None, description="Where in the source: paragraph, section, page or table row.")


class Claim(Model):
    """What one source says about one field of a record (row of ``claims``)."""

    field: Text = Field(description="The column of the record's table the claim is about (e.g. signed_date, value_amount).")
    value: Text = Field(description="The value the source states, as text: a partial date, digits, a code, or '<amount> <ISO 4217>' for value_amount.")
    source_id: SourceRef = Field(description="The source making the claim (sources.source_id).")
    rank: codes.Rank = Field(description="preferred (the record's value), normal, or deprecated (shown wrong by better sources).")
    rank_reason: Prose | None = Field(None, description="Why the claim has its rank, in the curators' words.")
    note: Prose | None = Field(None, description="Scope or qualifiers of the value (e.g. 'incl. weapons', 'as planned in March 2024').")
    field_contested: derived(bool | None) = Field(None, description="Whether the record's field is contested: two non-deprecated claims from independent sources state incompatible values about the same moment (see the codebook's rule).")
    in_contest: derived(bool | None) = Field(None, description="Whether this claim is one of such a rival pair (false for a claim that only agrees with others, e.g. the same amount in another currency).")
    qualifier: codes.Qualifier = Field(codes.Qualifier.EXACT, description="exact (as the source states it), approximate ('about RM 4 bn') or converted (another currency, or a later re-conversion).")
    as_at: Date | None = Field(None, description="The moment the value describes (a plan as of a date, a status at a date); empty when it describes the record's one moment (a signature, a price).")


class Milestone(Model):
    """A dated step in a record's history (row of ``milestones``)."""

    milestone_type: codes.MilestoneType = Field(description="Kind of step (signature, letter_of_acceptance, approval, ...).")
    milestone_date: Date = Field(description="When the step happened (first day of the period).")
    source_id: SourceRef = Field(description="The source reporting the step (sources.source_id).")
    summary: Prose | None = Field(None, description="The step in the curators' words.")


class Participant(Model):
    actor_id: ActorRef = Field(description="The actor taking part (actors.actor_id).")
    role: codes.ParticipantRole = Field(description="Role at the event.")


class Party(Model):
    actor_id: ActorRef = Field(description="The actor (actors.actor_id).")
    role: codes.PartyRole = Field(description="Role in the agreement: party, signatory or witness.")


class StatementActor(Model):
    actor_id: ActorRef = Field(description="The actor (actors.actor_id).")
    role: codes.StatementRole = Field(description="speaker, target or addressee.")


# ---------------------------------------------------------------- records

class Record(Model):
    """Fields every curated record has besides its columns (child tables and notes)."""

    TABLE: ClassVar[str]
    PK: ClassVar[str]
    GRAIN: ClassVar[str]
    DESCRIPTION: ClassVar[str]

    sources: Annotated[list[Citation], Child(
        "record_sources", ("table_name", "record_id", "source_id"), "One row per record and source cited.",
        "Which sources each record cites, and where in them.", generic=True)] = Field(
        default_factory=list, description="Sources cited by the record (at least one).")
    claims: Annotated[list[Claim], Child(
        "claims", ("table_name", "record_id", "field", "source_id", "value"),
        "One row per record, field, source and stated value.",
        "What each source says about a field of a record; where sources disagree, every value is kept and ranked.",
        generic=True)] = Field(
        default_factory=list, description="Every source's value for fields where sources disagree or corroborate.")
    milestones: Annotated[list[Milestone], Child(
        "milestones", ("table_name", "record_id", "milestone_no"), "One row per dated step of a record's history.",
        "Dated steps of a record's history (letter of acceptance, signature, approval, negotiation rounds).",
        number="milestone_no", generic=True)] = Field(
        default_factory=list, description="Dated steps of the record's history, in file order.")
    notes: Prose | None = Field(None, description="Curators' notes: caveats, what is unknown and why.")


class Source(Model):
    """A public page or document cited by records. Not itself a record."""

    TABLE: ClassVar[str] = "sources"
    PK: ClassVar[str] = "source_id"
    GRAIN: ClassVar[str] = "One row per cited URL."
    DESCRIPTION: ClassVar[str] = "Public sources (news, government, company pages, datasets) that records cite."

    source_id: Slug = Field(description="Stable id of the source (kebab-case).")
    url: Url = Field(description="Address of the page as read (http or https).")
    title: Text | None = Field(None, description="Title of the page, where seen.")
    publisher: Text = Field(description="Publisher (outlet, ministry, company).")
    published_date: Date | None = Field(None, description="Publication date, as precise as known.")
    language: Language = Field(description="Language of the page (ISO 639-1).")
    source_type: codes.SourceType = Field(description="Kind of publisher.")
    derived_from_source_id: SourceRef | None = Field(None, description="The original this page copies (a wire story's mirror), so independent sources can be counted.")
    accessed_date: Date | None = Field(None, description="When the curators read the page.")
    archive_url: Url | None = Field(None, description="An archived copy, where one exists.")
    notes: Prose | None = Field(None, description="Caveats: excerpt only, errors noticed, date inferred.")


class Actor(Record):
    TABLE: ClassVar[str] = "actors"
    PK: ClassVar[str] = "actor_id"
    GRAIN: ClassVar[str] = "One row per actor (state, organisation, body, armed force, company or person)."
    DESCRIPTION: ClassVar[str] = "States, IGOs, government bodies, armed forces, companies and persons."

    actor_id: Slug = Field(description="Stable id; states use their ISO 3166-1 alpha-3 code in lower case (kor).")
    actor_type: codes.ActorType = Field(description="Kind of actor.")
    name: Text = Field(description="Name in English.")
    name_native: Text | None = Field(None, description="Name in the actor's own language and script (Hangul, Malay, Polish).")
    country_iso3: ISO3 | None = Field(None, description="Country of the actor (ISO 3166-1 alpha-3).")
    cow_code: derived(int | None) = Field(None, description="Correlates of War state number (states only), from the COW state-system list (see the codebook's rule on merge keys).")
    gw_code: derived(int | None) = Field(None, description="Gleditsch–Ward state number (states only), from the Gleditsch–Ward list of independent states.")
    parent_actor_id: ActorRef | None = Field(None, description="The actor this one belongs to (a ministry's state, an air force's state).")
    wikidata_id: WikidataId | None = Field(None, description="Wikidata item id, where read from a source.")


class Position(Record):
    TABLE: ClassVar[str] = "positions"
    PK: ClassVar[str] = "position_id"
    GRAIN: ClassVar[str] = "One row per office held by a person over a period."
    DESCRIPTION: ClassVar[str] = "Offices held by persons at dates (president, prime minister, minister)."

    position_id: Slug = Field(description="Stable id (<person>-<office>).")
    person_actor_id: ActorRef = Field(description="The person (actors.actor_id).")
    title: Text = Field(description="Title of the office in English.")
    organization_actor_id: ActorRef | None = Field(None, description="The state or body the office belongs to.")
    start_date: Date | None = Field(None, description="Start of the term.")
    end_date: Date | None = Field(None, description="End of the term (empty while in office or unknown).")


class Event(Record):
    TABLE: ClassVar[str] = "events"
    PK: ClassVar[str] = "event_id"
    GRAIN: ClassVar[str] = "One row per event (summit, visit, call, trade show, ceremony)."
    DESCRIPTION: ClassVar[str] = "Dated events at which agreements, contracts and statements were made."

    event_id: Slug = Field(description="Stable id (<slug>-<yyyy>[-mm[-dd]]).")
    name: Text = Field(description="Name of the event in English.")
    event_type: codes.EventType = Field(description="Kind of event.")
    start_date: Date | None = Field(None, description="First day of the event.")
    end_date: Date | None = Field(None, description="Last day of the event.")
    city: Text | None = Field(None, description="City where it took place.")
    country_iso3: ISO3 | None = Field(None, description="Country where it took place (ISO 3166-1 alpha-3).")
    parent_event_id: EventRef | None = Field(None, description="The larger event this one was part of.")
    summary: Prose | None = Field(None, description="What happened, in the curators' words.")
    participants: Annotated[list[Participant], Child(
        "event_participants", ("event_id", "actor_id", "role"), "One row per event, actor and role.",
        "Actors taking part in events.")] = Field(
        default_factory=list, description="Actors taking part.")


class Agreement(Record):
    TABLE: ClassVar[str] = "agreements"
    PK: ClassVar[str] = "agreement_id"
    GRAIN: ClassVar[str] = "One row per agreement, MoU, partnership or joint statement."
    DESCRIPTION: ClassVar[str] = "Agreements between states or bodies, incl. joint statements whose clauses are coded as statements."

    agreement_id: Slug = Field(description="Stable id (<dyad>-<slug>-<yyyy>).")
    title: Text = Field(description="Title as given by the sources (official English title where found).")
    agreement_type: codes.AgreementType = Field(description="Kind of agreement.")
    status: codes.AgreementStatus = Field(description="Status as of the dataset's sources_checked_date; its history is in milestones.")
    signed_date: Date | None = Field(None, description="Date of signature or adoption.")
    in_force_date: Date | None = Field(None, description="Date of entry into force.")
    end_date: Date | None = Field(None, description="Date it ended.")
    parent_agreement_id: AgreementRef | None = Field(None, description="The agreement this one implements or belongs to.")
    event_id: EventRef | None = Field(None, description="The event at which it was signed or adopted.")
    summary: Prose | None = Field(None, description="Content in the curators' words.")
    parties: Annotated[list[Party], Child(
        "agreement_parties", ("agreement_id", "actor_id", "role"), "One row per agreement, actor and role.",
        "Parties, signatories and witnesses of agreements.")] = Field(
        default_factory=list, description="Parties, signatories and witnesses.")
    domains: Annotated[list[codes.Topic], Child(
        "agreement_domains", ("agreement_id", "domain"), "One row per agreement and domain.",
        "Fields of cooperation each agreement covers.", column="domain")] = Field(
        default_factory=list, description="Fields of cooperation the agreement covers (topic codes).")


class WeaponSystem(Record):
    TABLE: ClassVar[str] = "weapon_systems"
    PK: ClassVar[str] = "system_id"
    GRAIN: ClassVar[str] = "One row per weapon system or variant."
    DESCRIPTION: ClassVar[str] = "Weapon systems, variants and major components (radars, missiles, engines)."

    system_id: Slug = Field(description="Stable id (designation slug: fa-50m, aim-120).")
    name: Text = Field(description="Common name.")
    designation: Text | None = Field(None, description="Designation or block as the sources give it.")
    category: codes.Category = Field(description="SIPRI armament category.")
    variant_of_system_id: SystemRef | None = Field(None, description="The system this is a variant of.")
    manufacturer_actor_id: ActorRef | None = Field(None, description="Prime manufacturer (actors.actor_id).")
    origin_country_iso3: ISO3 | None = Field(None, description="Country of origin (ISO 3166-1 alpha-3).")
    wikidata_id: WikidataId | None = Field(None, description="Wikidata item id, where read from a source.")
    description: Prose | None = Field(None, description="What the system is, in the curators' words.")


class Contract(Record):
    TABLE: ClassVar[str] = "contracts"
    PK: ClassVar[str] = "contract_id"
    GRAIN: ClassVar[str] = "One row per procurement contract, framework, amendment, option or planned phase."
    DESCRIPTION: ClassVar[str] = "Procurement contracts between buyers and suppliers (not export approvals)."

    contract_id: Slug = Field(description="Stable id (<buyer-iso3>-<supplier>-<system>-<yyyy>).")
    contract_type: codes.ContractType = Field(description="framework, contract, amendment, option, donation, licence, technology_transfer or local_production.")
    parent_contract_id: ContractRef | None = Field(None, description="The framework or contract this one belongs to or amends.")
    buyer_actor_id: ActorRef = Field(description="The buyer (actors.actor_id).")
    supplier_actor_id: ActorRef = Field(description="The supplier (actors.actor_id); a state for government-to-government sales.")
    end_user_actor_id: ActorRef | None = Field(None, description="The end user (e.g. an air force), where different from the buyer.")
    system_id: SystemRef | None = Field(None, description="The system bought (weapon_systems.system_id).")
    quantity: Count | None = Field(None, description="Number of units (aircraft, ships, missiles).")
    quantity_status: codes.ValueStatus | None = Field(None, description="reported when quantity is present; otherwise why it is empty: withheld, unknown or not_applicable.")
    value_amount: WholeAmount | None = Field(None, description="Value in whole units of value_currency, as the preferred source states it.")
    value_currency: Currency | None = Field(None, description="Currency of value_amount (ISO 4217).")
    value_type: codes.ValueType | None = Field(None, description="What value_amount covers.")
    value_status: codes.ValueStatus | None = Field(None, description="reported when value_amount is present; otherwise why it is empty: withheld, unknown or not_applicable.")
    value_usd: WholeAmount | None = Field(None, description="Value in whole US dollars as a source states it (never converted by defcoop).")
    signed_date: Date | None = Field(None, description="Date of signature of the contract (not of a letter of acceptance).")
    status: codes.ContractStatus = Field(description="Status as of the dataset's sources_checked_date; its history is in milestones.")
    agreement_id: AgreementRef | None = Field(None, description="The agreement the contract implements.")
    event_id: EventRef | None = Field(None, description="The event at which it was signed.")
    offset_terms: Prose | None = Field(None, description="Offsets, countertrade and industrial participation, in the curators' words.")
    summary: Prose | None = Field(None, description="The contract in the curators' words.")
    value_usd_nominal: derived(int | None) = Field(None, description="Value in whole US dollars of the day (nominal): value_usd, else value_amount in USD, else value_amount converted at the ECB reference rate of fx_date; empty when there is no rate (see value_usd_method).")
    value_usd_method: derived(codes.UsdMethod | None) = Field(None, description="How value_usd_nominal was obtained: source, ecb_reference_rate or no_rate; empty when the contract has no value.")
    fx_rate: derived(float | None) = Field(None, description="US dollars per unit of value_currency used for value_usd_nominal (ECB euro reference rates, crossed through EUR).")
    fx_date: derived(dt.date | None) = Field(None, description="Day of the rate: the signing day (or the last rate day before it), for a partial date the last rate day of its period.")
    counts_as_order: derived(bool | None) = Field(None, description="Whether the contract is an order (see the codebook's rule): a signed contract, option, donation, licence or local production; a framework only when none of its children with a quantity is signed; never an amendment, technology transfer or a planned, offered or negotiating deal.")
    units_delivered_reported: derived(int | None) = Field(None, description="For an order (counts_as_order): units in the actual delivery lots recorded (sum of their known quantities; 0 when none is recorded; a lot without a quantity adds nothing). Empty for contracts that are not orders, so sums over it never count a framework's units twice.")
    units_delivered_unknown: derived(int | None) = Field(None, description="For a delivering or delivered order: quantity minus units_delivered_reported, the units whose delivery no recorded lot shows (a lot of unknown size included); empty otherwise.")


class Delivery(Record):
    TABLE: ClassVar[str] = "deliveries"
    PK: ClassVar[str] = "delivery_id"
    GRAIN: ClassVar[str] = "One row per delivery lot of a contract, planned or actual."
    DESCRIPTION: ClassVar[str] = "Delivery lots; a plan's changes are claims on date and quantity."

    delivery_id: Slug = Field(description="Stable id (<contract-id>-lot-<n>[-actual]).")
    contract_id: ContractRef = Field(description="The contract (contracts.contract_id).")
    lot_no: Count = Field(description="Lot number within the contract, from 1.")
    delivery_kind: codes.DeliveryKind = Field(description="planned or actual.")
    quantity: Count | None = Field(None, description="Units in the lot.")
    delivery_date: Date | None = Field(None, description="Date of (planned) delivery.")


class Integration(Record):
    TABLE: ClassVar[str] = "integrations"
    PK: ClassVar[str] = "integration_id"
    GRAIN: ClassVar[str] = "One row per component fitted (or proposed) on a platform for one customer."
    DESCRIPTION: ClassVar[str] = "Integrations of radars, missiles and other components on platforms, per customer."

    integration_id: Slug = Field(description="Stable id (<platform>-<component>-<customer-iso3>).")
    platform_system_id: SystemRef = Field(description="The platform (weapon_systems.system_id).")
    component_system_id: SystemRef = Field(description="The component fitted (weapon_systems.system_id).")
    customer_actor_id: ActorRef = Field(description="The customer (actors.actor_id).")
    status: codes.IntegrationStatus = Field(description="Status at status_date; its history is in milestones.")
    decided_by_actor_id: ActorRef | None = Field(None, description="Who decides or decided (e.g. the exporting state).")
    status_date: Date | None = Field(None, description="Date of the current status.")
    summary: Prose | None = Field(None, description="The integration in the curators' words.")


class Statement(Record):
    TABLE: ClassVar[str] = "statements"
    PK: ClassVar[str] = "statement_id"
    GRAIN: ClassVar[str] = "One row per statement: one clause of a joint statement or one public position."
    DESCRIPTION: ClassVar[str] = "Policy statements coded by stance and topic, with speakers, targets and subjects."

    statement_id: Slug = Field(description="Stable id (<document-or-event>-<topic-slug>).")
    statement_date: Date = Field(description="When the statement was made.")
    stance: codes.Stance = Field(description="What the statement does (commit, condemn, ...).")
    topic: codes.Topic = Field(description="What the statement is about.")
    summary: Prose = Field(description="The statement in the curators' words.")
    event_id: EventRef | None = Field(None, description="The event where it was made.")
    issued_in_agreement_id: AgreementRef | None = Field(None, description="The document it is part of (e.g. a joint statement).")
    actors: Annotated[list[StatementActor], Child(
        "statement_actors", ("statement_id", "actor_id", "role"), "One row per statement, actor and role.",
        "Speakers, targets and addressees of statements.")] = Field(
        default_factory=list, description="Speakers, targets and addressees.")
    subjects: Annotated[list["Subject"], Child(
        "statement_subjects", ("statement_id", "table_name", "record_id"), "One row per statement and record it is about.",
        "Records each statement is about.")] = Field(
        default_factory=list, description="Records the statement is about.")


class CoverageDeclaration(Record):
    TABLE: ClassVar[str] = "coverage_declarations"
    PK: ClassVar[str] = "declaration_id"
    GRAIN: ClassVar[str] = "One row per declaration of completeness (states, table, years, thresholds)."
    DESCRIPTION: ClassVar[str] = ("What the dataset claims to be complete for: a state (or pair), a table, a span of years and "
                                  "thresholds. Outside a declaration a missing record means 'not collected', not 'none'.")

    declaration_id: Slug = Field(description="Stable id (<a>-<b|any>-<table>-<from>-<to>).")
    state_a_iso3: ISO3 = Field(description="The state the declaration is about (ISO 3166-1 alpha-3); the supplier when directed.")
    state_b_iso3: ISO3 | None = Field(None, description="The other state (ISO 3166-1 alpha-3); empty = any state.")
    directed: Bool = Field(description="true: only records from state_a to state_b (e.g. exports); false: either direction.")
    table_name: codes.CoveredTable = Field(description="The table declared complete.")
    year_from: Year = Field(description="First year covered.")
    year_to: Year = Field(description="Last year covered.")
    min_value_usd: WholeAmount | None = Field(None, description="Contracts: covered when worth at least this many US dollars (value_usd_nominal) ...")
    min_units: Count | None = Field(None, description="... or when for at least this many units; empty thresholds = every record.")
    search_note: Prose = Field(description="The registers and searches the claim of completeness rests on, in the curators' words.")


class PublishedTotal(Model):
    """A published aggregate figure (an export-order total, a SIPRI rank or share). Not a record."""

    TABLE: ClassVar[str] = "published_totals"
    PK: ClassVar[str] = "total_id"
    GRAIN: ClassVar[str] = "One row per published figure: metric, exporter, period and source."
    DESCRIPTION: ClassVar[str] = ("Aggregate figures published by governments and SIPRI, to reconcile the records against "
                                  "(export-order totals per year, SIPRI ranks and shares).")

    total_id: Slug = Field(description="Stable id (<exporter>-<metric>-<from>[-<to>][-<source>]).")
    metric: codes.Metric = Field(description="What the figure measures.")
    exporter_iso3: ISO3 = Field(description="The exporting state (ISO 3166-1 alpha-3).")
    year_from: Year = Field(description="First year of the period the figure covers.")
    year_to: Year = Field(description="Last year of the period (equal to year_from for one year).")
    value: Amount = Field(description="The figure as published, in `unit` (US dollars written out in full, not millions).")
    unit: codes.TotalUnit = Field(description="Unit of value.")
    basis: codes.Basis = Field(description="orders (contracts signed) or deliveries_tiv (SIPRI trend-indicator values).")
    rank: codes.Rank = Field(description="preferred: the figure used in reconciliation; normal: another source's figure for the same period.")
    source_id: SourceRef = Field(description="The source publishing the figure (sources.source_id).")
    locator: Text | None = Field(None, description="Where in the source: paragraph, table, page.")
    note: Prose | None = Field(None, description="What the figure covers and, for export_orders_usd, why the records' sum differs where it does.")


class RegistryRow(Model):
    """A row of ``records``: built from the records, not curated."""

    TABLE: ClassVar[str] = "records"
    PK: ClassVar[tuple[str, ...]] = ("table_name", "record_id")
    GRAIN: ClassVar[str] = "One row per curated record of any table."
    DESCRIPTION: ClassVar[str] = "Registry of every curated record, with its file and how well it is sourced."

    table_name: "RecordTable" = Field(description="Table of the record.")  # type: ignore[valid-type]
    record_id: Slug = Field(description="Primary key of the record in its table.")
    source_file: Text = Field(description="Curated file the record comes from, relative to the repository root.")
    n_sources: Count = Field(description="Distinct sources cited by the record, its claims and milestones.")
    n_independent_sources: Count = Field(description="Independent sources: follow derived_from_source_id to the original, then count distinct publishers (one publisher's items on one record count once).")
    verification: codes.Verification = Field(description="contested (a field is contested), else corroborated (two or more independent sources), else single_source.")


class ActorCountry(Model):
    """A row of ``actor_country``: the state each actor belongs to (derived)."""

    TABLE: ClassVar[str] = "actor_country"
    PK: ClassVar[str] = "actor_id"
    GRAIN: ClassVar[str] = "One row per actor."
    DESCRIPTION: ClassVar[str] = ("The state each actor belongs to: its own country_iso3, else that of its nearest "
                                  "ancestor through parent_actor_id (at any depth); empty for IGOs and actors with "
                                  "no country. Queries and panels read actors' states from here.")

    actor_id: ActorRef = Field(description="The actor (actors.actor_id).")
    state_actor_id: ActorRef | None = Field(None, description="The state actor of that country (actors.actor_id of the state with that country_iso3), where the dataset has one.")
    country_iso3: ISO3 | None = Field(None, description="The actor's country (ISO 3166-1 alpha-3): its own, else its nearest ancestor's.")
    cow_code: int | None = Field(None, description="Correlates of War code of that country's state.")
    gw_code: int | None = Field(None, description="Gleditsch–Ward code of that country's state.")


RECORD_MODELS: dict[str, type[Record]] = {m.TABLE: m for m in (
    Actor, Position, Event, Agreement, WeaponSystem, Contract, Delivery, Integration, Statement, CoverageDeclaration)}
"""Record tables by name, in the order their folders are read."""

CURATED_MODELS: dict[str, type[Model]] = {"sources": Source, "published_totals": PublishedTotal, **RECORD_MODELS}
"""Every table with a folder under ``datapackage/records/``, by name."""

class DatasetInfo(Model):
    """The one row of ``dataset_info``: what this build is (derived from package.yaml and the sources)."""

    TABLE: ClassVar[str] = "dataset_info"
    PK: ClassVar[str] = "name"
    GRAIN: ClassVar[str] = "One row per build (a single row)."
    DESCRIPTION: ClassVar[str] = "Name, version, licence, citation and dates of this build of the dataset."

    name: Slug = Field(description="Name of the data package.")
    title: Text = Field(description="Title of the dataset.")
    version: Text = Field(description="Version of the dataset (from pyproject.toml).")
    licenses: Text = Field(description="Licence(s) of the data (SPDX identifiers).")
    citation: Text = Field(description="How to cite the dataset.")
    sources_newest_date: dt.date | None = Field(None, description="Newest publication date of a cited source (first day of its period): the latest news the records can reflect.")
    sources_checked_date: dt.date | None = Field(None, description="Newest date on which a cited source was read: statuses are as of this date.")


class _PairYear(Model):
    """Keys and coverage flags shared by the two panels."""

    ccode1: int = Field(description="Correlates of War code of state 1.")
    ccode2: int = Field(description="Correlates of War code of state 2.")
    year: int = Field(description="Calendar year.")
    gwcode1: int | None = Field(None, description="Gleditsch–Ward code of state 1 (empty for a microstate missing from the GW list).")
    gwcode2: int | None = Field(None, description="Gleditsch–Ward code of state 2.")
    iso3_1: ISO3 = Field(description="ISO 3166-1 alpha-3 code of state 1.")
    iso3_2: ISO3 = Field(description="ISO 3166-1 alpha-3 code of state 2.")
    in_coverage: bool = Field(description="A coverage declaration (of any table, possibly of one direction only) reaches this pair and year; the covered_* columns say which counts are real.")


_SHORT_AGREEMENT = codes.SHORT_AGREEMENT_TYPES
_NULL_NOTE = " 0 only where a coverage declaration covers the row; empty (NULL) where nothing was collected."


class DyadYear(_PairYear):
    """A row of ``dyad_years``: an unordered pair of states in a year (derived)."""

    TABLE: ClassVar[str] = "dyad_years"
    PK: ClassVar[tuple[str, ...]] = ("ccode1", "ccode2", "year")
    GRAIN: ClassVar[str] = "One row per unordered pair of states (ccode1 < ccode2) and year that a coverage declaration reaches."
    DESCRIPTION: ClassVar[str] = ("Dyad-year panel: agreements, orders and statements between two states per year, "
                                  "merge-ready on COW and GW codes, with what the dataset covers.")

    ccode1: int = Field(description="Correlates of War code of state 1 (the lower code).")
    covered_agreements: bool = Field(description="An agreements declaration covers the row: agreement counts are real (0 = none).")
    covered_contracts: bool = Field(description="Contracts declarations cover both directions: contracts_signed is real.")
    covered_statements: bool = Field(description="A statements declaration covers the row: statement counts are real.")
    agreements_signed: int | None = Field(None, description="Distinct agreements of any type (government or company MoUs, joint statements, trade agreements, ...) signed or adopted that year with a party of each state, whatever their status now unless only proposed or under negotiation (a multilateral agreement counts for every pair of its state parties); see the breakdown columns by type." + _NULL_NOTE)
    agreements_in_force: int | None = Field(None, description="Agreements between them with status signed, in force, expired or terminated, started (entry into force, else signature) on or before 31 December and not ended before 1 January; joint statements and agreements in principle (declarations) never count." + _NULL_NOTE)
    contracts_signed: int | None = Field(None, description="Orders (contracts.counts_as_order) signed that year in either direction that the declarations' thresholds admit; empty unless both directions are covered.")
    statements: int | None = Field(None, description="Statements that year with a speaker of one state and a speaker, target or addressee of the other." + _NULL_NOTE)


DyadYear = create_model(  # type: ignore[misc]  # one breakdown column per agreement type and stance
    "DyadYear", __base__=DyadYear,
    **{f"agreements_signed_{_SHORT_AGREEMENT.get(t.value, t.value)}":
       (int | None, Field(None, description=f"agreements_signed of type {t.value}: {t.definition}"))
       for t in codes.AgreementType},
    **{f"statements_{s.value}": (int | None, Field(None, description=f"statements with stance {s.value}: {s.definition}"))
       for s in codes.Stance})


class DirectedDyadYear(_PairYear):
    """A row of ``directed_dyad_years``: supplier and recipient state in a year (derived)."""

    TABLE: ClassVar[str] = "directed_dyad_years"
    PK: ClassVar[tuple[str, ...]] = ("ccode1", "ccode2", "year")
    GRAIN: ClassVar[str] = "One row per supplier state, recipient state and year that a coverage declaration reaches."
    DESCRIPTION: ClassVar[str] = ("Directed dyad-year panel of arms orders and deliveries: 1 = supplier, 2 = recipient "
                                  "(the end user's state, else the buyer's).")

    ccode1: int = Field(description="Correlates of War code of the supplier's state.")
    ccode2: int = Field(description="Correlates of War code of the recipient's state (end user, else buyer).")
    covered_contracts: bool = Field(description="A contracts declaration covers this direction: the counts are real (0 = none).")
    contracts_signed: int | None = Field(None, description="Orders (contracts.counts_as_order) signed that year that the declarations' thresholds admit." + _NULL_NOTE)
    units_ordered: int | None = Field(None, description="Units of those orders (sum of known quantities)." + _NULL_NOTE)
    units_delivered: int | None = Field(None, description="Units in actual delivery lots of that year (by delivery date) of admitted contracts." + _NULL_NOTE)
    value_usd_ordered: int | None = Field(None, description="Sum of value_usd_nominal of those orders whose value is known (whole US dollars of each order's day)." + _NULL_NOTE)
    contracts_value_unknown: int | None = Field(None, description="Those orders whose value_usd_nominal is unknown (no value or no rate)." + _NULL_NOTE)


class PanelExclusion(Model):
    """A row of ``panel_exclusions``: an item the panels could not place (derived)."""

    TABLE: ClassVar[str] = "panel_exclusions"
    PK: ClassVar[tuple[str, ...]] = ("table_name", "record_id")
    GRAIN: ClassVar[str] = "One row per record that would count in a panel but is counted nowhere."
    DESCRIPTION: ClassVar[str] = ("Records the panels leave out, and why: no date, no state, a state outside the COW system, "
                                  "an unknown end, outside every coverage declaration for its table, below the thresholds.")
    COMPOSITE_FKS: ClassVar[tuple] = ((("table_name", "record_id"), "records", ("table_name", "record_id")),)

    table_name: "RecordTable" = Field(description="Table of the record.")  # type: ignore[valid-type]
    record_id: Slug = Field(description="Id of the record.")
    reason: Text = Field(description="Why the panels do not count it.")


DERIVED_MODELS: dict[str, type[Model]] = {m.TABLE: m for m in (
    RegistryRow, ActorCountry, DatasetInfo, DyadYear, DirectedDyadYear, PanelExclusion)}
"""Tables computed by the build from the curated ones."""

RecordTable = codes.code_list("RecordTable", "Tables whose rows are curated records (registered in `records`).",
                              {name: m.DESCRIPTION for name, m in RECORD_MODELS.items()})


class Subject(Model):
    """A record a statement is about (row of ``statement_subjects``)."""

    COMPOSITE_FKS: ClassVar[tuple] = ((("table_name", "record_id"), "records", ("table_name", "record_id")),)

    table_name: RecordTable = Field(description="Table of the record the statement is about.")  # type: ignore[valid-type]
    record_id: Slug = Field(description="Id of the record the statement is about (with table_name, a key of `records`).")


Statement.model_rebuild()
RegistryRow.model_rebuild()
PanelExclusion.model_rebuild()
