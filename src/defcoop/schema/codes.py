"""Code lists: every categorical value the dataset uses, each with its definition.

Each code list is a :class:`enum.StrEnum` whose members carry a ``definition``.
The pydantic models use them as field types (unknown codes fail validation with
error code ``code-list``), the Frictionless schemas get ``enum`` constraints from
them, and the codebook prints every value with its definition. Sources: DESIGN.md
(defcoop) and, for weapon categories, SIPRI's armament categories.
"""

from __future__ import annotations

import enum


class CodeList(enum.StrEnum):
    """A string enum whose members have a ``definition``."""

    definition: str

    def __new__(cls, value: str, definition: str) -> "CodeList":
        member = str.__new__(cls, value)
        member._value_ = value
        member.definition = definition
        return member


def code_list(name: str, doc: str, items: dict[str, str]) -> type[CodeList]:
    """A :class:`CodeList` called ``name`` with the given ``{code: definition}`` members."""
    cls = CodeList(name, {k.upper(): (k, v) for k, v in items.items()})  # type: ignore[call-overload]
    cls.__doc__ = doc
    return cls


ActorType = code_list("ActorType", "Kind of actor.", {
    "state": "A sovereign state (ISO 3166-1 country; carries its Correlates of War code).",
    "igo": "An intergovernmental organisation (e.g. ASEAN).",
    "government_body": "A ministry, agency or office of a state (e.g. DAPA, MINDEF).",
    "armed_force": "A military service of a state (e.g. the Royal Malaysian Air Force).",
    "company": "A firm: manufacturer, shipyard, integrator, trading company.",
    "person": "A natural person; offices held are in `positions`.",
})

Category = code_list("Category", "SIPRI armament category of a weapon system.", {
    "aircraft": "All fixed-wing aircraft and helicopters, incl. unmanned aircraft (SIPRI).",
    "air_defence_systems": "Mobile surface-to-air missile and gun systems, large air-search radars (SIPRI).",
    "anti_submarine_warfare": "ASW rocket launchers, torpedo launchers, ASW helicopters' sonars (SIPRI).",
    "armoured_vehicles": "Tanks, armoured personnel carriers, infantry fighting vehicles (SIPRI).",
    "artillery": "Guns, howitzers, mortars and multiple rocket launchers of 100 mm calibre or more, incl. self-propelled (SIPRI).",
    "engines": "Engines for military aircraft, ships and armoured vehicles (SIPRI).",
    "missiles": "Guided missiles, torpedoes and guided bombs and shells (SIPRI).",
    "naval_weapons": "Naval guns, shipborne missile launchers and close-in weapon systems (SIPRI).",
    "satellites": "Reconnaissance and communication satellites (SIPRI).",
    "sensors": "Radars, sonars and other sensors, incl. aircraft fire-control radars and targeting pods (SIPRI).",
    "ships": "Ships of 100 tonnes or more, and smaller ships with significant armament (SIPRI).",
    "other": "Other items SIPRI counts (e.g. gun turrets, air refuelling systems).",
})

AgreementType = code_list("AgreementType", "Kind of agreement or document.", {
    "treaty": "A binding international agreement between states.",
    "mou": "A memorandum of understanding (non-binding intent between governments or bodies).",
    "joint_statement": "A joint statement or declaration issued by leaders or ministers; its clauses are coded as statements.",
    "partnership": "The establishment or upgrade of a named bilateral relationship (e.g. Strategic Partnership).",
    "framework_agreement": "An agreement setting terms for later, more specific agreements or contracts.",
    "letter_of_intent": "A letter of intent between parties.",
    "trade_agreement": "A free trade or economic partnership agreement.",
    "agreement_in_principle": "Leaders' agreement in principle on a future step, not yet formalised.",
    "technical_agreement": "A technical or regulatory arrangement, e.g. mutual recognition of airworthiness.",
})

SHORT_AGREEMENT_TYPES = {"agreement_in_principle": "in_principle", "framework_agreement": "framework",
                         "technical_agreement": "technical", "letter_of_intent": "intent", "trade_agreement": "trade",
                         "joint_statement": "joint_stmt"}
"""Short forms of agreement types in panel column names (Stata allows 32 characters)."""

AgreementStatus = code_list("AgreementStatus", "Status of an agreement as of the dataset's sources_checked_date.", {
    "proposed": "Proposed by at least one side; no negotiation reported.",
    "negotiating": "Under negotiation.",
    "concluded": "Negotiations concluded (text agreed) but not signed.",
    "signed": "Signed; entry into force not reported.",
    "in_force": "Signed and in force.",
    "expired": "Ended by its own term.",
    "terminated": "Ended by a party.",
})

PartyRole = code_list("PartyRole", "Role of an actor in an agreement.", {
    "party": "A state, body or company bound by or party to the agreement.",
    "signatory": "The person who signed on behalf of a party.",
    "witness": "A person or body who witnessed the signature or exchange.",
})

ParticipantRole = code_list("ParticipantRole", "Role of an actor at an event.", {
    "host": "Hosted the event.",
    "participant": "Took part in the event.",
    "organiser": "Organised the event (e.g. a trade show's organiser).",
    "signatory": "Signed a document at the event.",
    "witness": "Witnessed a signature or exchange at the event.",
})

EventType = code_list("EventType", "Kind of event.", {
    "summit": "A meeting of heads of state or government.",
    "state_visit": "A state visit by a head of state or government.",
    "official_visit": "An official visit by a head of state, government or minister.",
    "ministerial_meeting": "A meeting of ministers or senior officials.",
    "multilateral_summit": "A summit of a multilateral body (e.g. an ASEAN Summit, APEC).",
    "trade_show": "A defence or aerospace exhibition (e.g. LIMA, Singapore Airshow).",
    "phone_call": "A telephone or video call between leaders or ministers.",
    "signing_ceremony": "A ceremony held to sign or exchange documents.",
    "negotiation_round": "A formal negotiating round.",
    "delivery_ceremony": "A ceremony marking a delivery or roll-out.",
    "other": "Any other dated event (explained in its summary).",
})

ContractType = code_list("ContractType", "Kind of procurement contract.", {
    "framework": "A framework agreement under which executive contracts are signed.",
    "contract": "A contract for goods or services (an executive contract if it has a parent framework).",
    "amendment": "An amendment or annex changing a parent contract.",
    "option": "An option or follow-on phase attached to a parent contract or programme.",
    "donation": "A transfer of equipment free of charge (e.g. a decommissioned ship given by a government).",
    "licence": "A licence to produce or assemble a system, sold by its developer to a foreign producer.",
    "technology_transfer": "Transfer of design or production technology (e.g. for a buyer's own tank), without the system itself.",
    "local_production": "Production or assembly of a system in the buyer's country under a contract with the developer.",
})

ValueStatus = code_list("ValueStatus", "Why a contract's value or quantity is present or absent (typed absence).", {
    "reported": "A source states it (derived: set whenever the value is present).",
    "withheld": "A source says it was not disclosed (that source is cited in a claim on the status field).",
    "unknown": "Not found in the sources read.",
    "not_applicable": "Does not apply (e.g. the value of a donation, the quantity of a service contract).",
})

UsdMethod = code_list("UsdMethod", "How a contract's value in US dollars (value_usd_nominal) was obtained.", {
    "source": "A source states the USD figure (value_usd, or value_amount in USD).",
    "ecb_reference_rate": "value_amount converted at the ECB euro reference rates (USD per unit via EUR) of fx_date.",
    "no_rate": "No rate: the currency is not in the ECB series (e.g. EGP, SAR), the date is before it (MYR before 2005) or there is no signing date.",
})

Qualifier = code_list("Qualifier", "How a claimed value relates to what the source states.", {
    "exact": "The value as the source states it.",
    "approximate": "The source gives an approximate figure ('about RM 4 bn'); it covers plus or minus half a unit of its last significant digit.",
    "converted": "The source converts a figure into another currency or unit (or re-converts it at a later rate); not a rival of the original.",
})

Metric = code_list("Metric", "What a published total measures.", {
    "export_orders_usd": "Value of defence export contracts signed in the period (US dollars), as published by the exporting government.",
    "sipri_rank": "The exporter's rank among the world's arms exporters in SIPRI's five-year comparison (1 = largest).",
    "sipri_share_pct": "The exporter's share of world arms exports in SIPRI's five-year comparison (per cent of TIV).",
})

TotalUnit = code_list("TotalUnit", "Unit of a published total.", {
    "usd": "US dollars (written out in full).",
    "usd_per_year": "US dollars per year: an annual average over the period, as published.",
    "rank": "A rank (1 = largest).",
    "percent": "Per cent (a share of a total).",
})

Basis = code_list("Basis", "What a published total counts.", {
    "orders": "Contracts signed (orders) in the period.",
    "deliveries_tiv": "Deliveries measured in SIPRI trend-indicator values (TIV).",
})

ContractStatus = code_list("ContractStatus", "Status of a contract as of the dataset's sources_checked_date.", {
    "planned": "A phase the buyer plans but has not contracted; no signed date.",
    "offered": "Offered by a supplier; not contracted.",
    "negotiating": "Under negotiation.",
    "signed": "Signed; production or delivery not reported.",
    "in_production": "Signed and in production; no delivery yet.",
    "delivering": "Deliveries under way.",
    "delivered": "All items delivered.",
    "cancelled": "Cancelled or abandoned.",
})

ValueType = code_list("ValueType", "What a contract value covers.", {
    "contract": "The value of the signed contract.",
    "programme_ceiling": "The ceiling or total of a programme or framework.",
    "estimate": "An estimate (budget, press or analyst) of the value.",
    "option": "The value of an option not yet exercised.",
})

DeliveryKind = code_list("DeliveryKind", "Whether a delivery lot is planned or happened.", {
    "planned": "A planned delivery (its date and size may change; sources' versions are claims).",
    "actual": "A delivery that took place.",
})

IntegrationStatus = code_list("IntegrationStatus", "Status of fitting a component (radar, missile) on a platform for a customer.", {
    "proposed": "Proposed by someone (e.g. in a study or press report) without a formal request.",
    "requested": "Requested by the customer or manufacturer; a decision (e.g. a US export licence) is pending.",
    "offered": "Offered by the manufacturer or integrator to the customer.",
    "approved": "Approved by the authority that must decide (e.g. the exporting government).",
    "denied": "Refused by the authority that must decide.",
    "in_progress": "Integration work contracted or under way.",
    "integrated": "Integrated and delivered or certified on the platform.",
    "cancelled": "Dropped by the customer or supplier.",
})

Stance = code_list("Stance", "What a statement does (the speech act), coded from the clause's main verb.", {
    "commit": "The speaker undertakes to do something ('will', 'committed to', 'agreed to work towards').",
    "agree": "The speakers agree on a course or assessment ('agreed to', 'shared the view').",
    "reaffirm": "Restates an earlier position or commitment ('reaffirmed', 'reiterated').",
    "support": "Backs another actor's role, bid or policy ('supports', 'expressed full support').",
    "welcome": "Welcomes an event or outcome ('welcomed', 'noted with appreciation').",
    "request": "Asks another actor to act ('urged', 'called on', 'asked', 'invited').",
    "offer": "Offers something to another actor (goods, integration, help).",
    "announce": "Announces a decision or fact.",
    "concern": "Expresses concern or worry ('expressed concern', 'deplored' without condemnation).",
    "condemn": "Condemns an act or programme ('condemned', 'strongly denounced').",
    "deny": "Denies a report or claim ('denied', 'refuted').",
})

StatementRole = code_list("StatementRole", "Role of an actor in a statement.", {
    "speaker": "Makes the statement (each co-author of a joint statement is a speaker).",
    "target": "The actor the statement is about (the one condemned, supported, welcomed).",
    "addressee": "The actor the statement asks to act (of a request) or is made to.",
})

Topic = code_list("Topic", "Topic of a statement or domain of an agreement.", {
    "defense_cooperation": "Military-to-military and defence-ministry cooperation, exchanges, dialogues.",
    "defense_industry": "Defence-industrial cooperation: R&D, co-production, supply chains, offsets.",
    "arms_procurement": "Purchase, delivery or integration of specific weapons.",
    "nuclear_missile": "Nuclear weapons, ballistic missiles and WMD programmes.",
    "regional_security": "Security situations and conflicts (e.g. DPRK–Russia military cooperation).",
    "regional_order": "Regional architecture and chairmanships (ASEAN, APEC, the ASEAN Outlook on the Indo-Pacific).",
    "trade": "Trade agreements, tariffs, trade volumes.",
    "investment": "Investment flows and promotion.",
    "critical_minerals": "Critical minerals and rare earths: supply chains, exploration, processing.",
    "digital_technology": "Digital economy, AI, semiconductors, 5G and other technology.",
    "climate_energy": "Climate, carbon capture, clean energy, hydrogen, nuclear power.",
    "education": "Higher education and training cooperation.",
    "culture_tourism": "Culture, tourism and people-to-people visits.",
    "diplomacy": "The bilateral relationship itself: its level, visits, contacts.",
    "people_exchange": "Labour, migration and people-to-people exchange programmes.",
})

SourceType = code_list("SourceType", "Kind of publisher of a source.", {
    "government": "A government, ministry, parliament or state agency (incl. official state media releases).",
    "igo": "An intergovernmental organisation.",
    "company": "A company's own publication (press release, annual report).",
    "news_agency": "A wire service (Yonhap, Bernama, Reuters, AFP, AP).",
    "newspaper": "A general news outlet, print or online.",
    "broadcaster": "A radio or television broadcaster's site.",
    "trade_press": "Specialist defence or aerospace press.",
    "think_tank": "A research institute or analyst publication.",
    "blog": "A blog or personal site.",
    "dataset": "A published dataset or code list (e.g. the Correlates of War state list).",
})

Rank = code_list("Rank", "Rank of a claim (as Wikidata ranks statements).", {
    "preferred": "The best-supported value; equals the record's value.",
    "normal": "A value a source gives that is not preferred but not shown wrong (e.g. another currency, a rounding, a plan superseded).",
    "deprecated": "A value shown wrong by better sources, kept so nobody re-adds it.",
})

Verification = code_list("Verification", "How well a record is supported, computed from its sources and claims.", {
    "corroborated": "Two or more independent sources (distinct publishers of the originals); no field contested.",
    "single_source": "Only one independent source; no field contested.",
    "contested": "A field is contested: two non-deprecated claims from independent sources state incompatible values about the same moment (codebook: Derived facts).",
})

Precision = code_list("Precision", "Precision of a partial date.", {
    "day": "A calendar day (2024-11-25).",
    "month": "A calendar month (2023-05); the date column holds its first day.",
    "quarter": "A calendar quarter (2026-Q3); the date column holds its first day.",
    "half": "A half year (2026-H2); the date column holds its first day.",
    "year": "A calendar year (2027); the date column holds 1 January.",
})

MilestoneType = code_list("MilestoneType", "Kind of dated step in a record's history.", {
    "tender": "A tender or request for proposals was issued (contracts).",
    "shortlist": "Bidders were shortlisted (contracts).",
    "selection": "A supplier or system was selected (contracts).",
    "negotiation_start": "Contract negotiations started (contracts).",
    "letter_of_acceptance": "A letter of acceptance or award was signed (contracts).",
    "signature": "The contract or agreement was signed.",
    "entry_into_effect": "A contract entered into effect (e.g. on advance payment).",
    "amendment": "An amendment or annex was signed or announced.",
    "production_progress": "A reported stage or percentage of production (contracts).",
    "first_delivery": "The first item was delivered (contracts).",
    "last_delivery": "The last item was delivered (contracts).",
    "cancellation": "The contract, agreement or integration was cancelled.",
    "negotiation_launch": "Negotiations were launched (agreements).",
    "negotiation_round": "A negotiating round took place (agreements).",
    "negotiation_resumed": "Negotiations resumed after a pause (agreements).",
    "conclusion": "Negotiations were concluded (agreements).",
    "entry_into_force": "The agreement entered into force.",
    "announcement": "The record was announced or made public.",
    "termination": "The agreement ended.",
    "request": "An integration or export licence was requested (integrations).",
    "approval": "An integration or export was approved, e.g. a US notification (integrations).",
    "refusal": "An integration or export was refused (integrations).",
    "offer": "An integration or sale was offered (integrations, contracts).",
    "test": "A test or trial of the integration took place (integrations).",
    "integration_complete": "The integration was completed or certified (integrations).",
    "other": "Any other dated step (explained in its summary).",
})

CoveredTable = code_list("CoveredTable", "Tables a coverage declaration can declare complete.", {
    "contracts": "Procurement contracts (orders, frameworks, donations, licences).",
    "agreements": "Agreements, MoUs, partnerships and joint statements.",
    "statements": "Coded policy statements.",
})
