"""ID constants of the deterministic ``demo`` world (see docs/SANDBOX.md); tests and the app import these."""

# ---- people -------------------------------------------------------------------------------------------
DEMO_USER_ID = "100000000000001"  # Dana Demo, the demo marketer (token demo-admin)
DEMO_ANALYST_USER_ID = "100000000000002"  # Alex Analyst (token demo-analyst): ANALYZE on a few accounts
DEMO_PERSON_SELLER = "100000000000003"
DEMO_PERSON_REPORTER = "100000000000004"
DEMO_PERSON_JUNIOR = "100000000000005"
DEMO_PERSON_CREATIVE = "100000000000006"
DEMO_PERSON_MANAGER = "100000000000007"
DEMO_PERSON_BUSY = "100000000000008"  # already on 25 ad accounts: adding them anywhere else is refused

# ---- Business Managers --------------------------------------------------------------------------------
DEMO_BUSINESS_ID_MAIN = "200000000000001"  # verified, good standing: create/claim/people all work here
DEMO_BUSINESS_ID_AGENCY = "200000000000002"  # has client (AGENCY) ad accounts
DEMO_BUSINESS_ID_UNVERIFIED = "200000000000003"  # not verified; already created 5 accounts via API (3979)
DEMO_BUSINESS_ID_TROUBLED = "200000000000004"  # owns accounts in bad standing (3980 on create)
DEMO_BUSINESS_ID_SECURE = "200000000000005"  # two-factor protected: writes answer 415
DEMO_BUSINESS_ID_PARTNER = "200000000000006"  # another business; the marketer is not a member

# ---- ad accounts (bare numbers; address them as act_<number>) -----------------------------------------
DEMO_AD_ACCOUNT_ACTIVE = "300000000000001"  # status 1, USD, most ads, near-limit Page runs here
DEMO_AD_ACCOUNT_BULK = "300000000000002"  # bulk account (ads limit 50,000)
DEMO_AD_ACCOUNT_EUR = "300000000000003"  # EUR, DSA payor/beneficiary set
DEMO_AD_ACCOUNT_NO_FUNDING = "300000000000004"  # no funding source
DEMO_AD_ACCOUNT_PENDING_SETTLEMENT = "300000000000005"  # status 8
DEMO_AD_ACCOUNT_GRACE_PERIOD = "300000000000006"  # status 9
DEMO_AD_ACCOUNT_FULL_TEAM = "300000000000007"  # already has 25 people
DEMO_AD_ACCOUNT_DISABLED = "300000000000008"  # status 2 (TROUBLED BM)
DEMO_AD_ACCOUNT_UNSETTLED = "300000000000009"  # status 3 (TROUBLED BM)
DEMO_AD_ACCOUNT_CLOSED = "300000000000010"  # status 101 (UNVERIFIED BM)
DEMO_AD_ACCOUNT_CLIENT = "300000000000011"  # owned by PARTNER, AGENCY access for AGENCY BM
DEMO_AD_ACCOUNT_CLIENT_2 = "300000000000012"  # owned by PARTNER, AGENCY access for AGENCY BM and MAIN
DEMO_AD_ACCOUNT_AGENCY_OWNED = "300000000000013"  # owned by AGENCY BM
DEMO_AD_ACCOUNT_PERSONAL = "300000000000014"  # the marketer's personal account, claimable → CONFIRMED
DEMO_AD_ACCOUNT_PERSONAL_NEW = "300000000000015"  # personal, no activity history → claim 3994
DEMO_AD_ACCOUNT_FOREIGN = "300000000000016"  # someone else's personal account, marketer not admin → PENDING
DEMO_AD_ACCOUNT_SECURE = "300000000000017"  # owned by SECURE BM (2FA)
DEMO_AD_ACCOUNT_PENDING_CLAIM = "300000000000018"  # MAIN already has a pending claim on it (3936)
DEMO_ANALYST_AD_ACCOUNTS = (DEMO_AD_ACCOUNT_ACTIVE, DEMO_AD_ACCOUNT_BULK, DEMO_AD_ACCOUNT_EUR)

# ---- Pages --------------------------------------------------------------------------------------------
DEMO_PAGE_MAIN = "400000000000001"
DEMO_PAGE_NEAR_LIMIT = "400000000000002"  # limit 250, ~210 ads running or in review (≥ 80 %)
DEMO_PAGE_FUTURE_LIMIT = "400000000000003"  # limit 1,000 now, 250 from a future activation date
DEMO_PAGE_UNPUBLISHED = "400000000000004"
DEMO_PAGE_CLIENT = "400000000000005"  # owned by PARTNER, a client Page of MAIN
DEMO_PAGE_EU = "400000000000006"
DEMO_PAGE_AGENCY = "400000000000009"
DEMO_PAGE_PERSONAL = "400000000000014"  # the marketer's own Page, in no business

# ---- pixels -------------------------------------------------------------------------------------------
# Domain Settings (docs/RULES.md, "Binding") needs DEMO_STORE_DOMAIN verified in the pixel's BM's owned_domains
# and events in the last 7 days.
DEMO_PIXEL_READY = "500000000000001"  # MAIN verifies the store domain, fired an hour ago: Domain Settings may be on
DEMO_PIXEL_NO_EVENTS = "500000000000002"  # MAIN verifies the store domain, never fired
DEMO_PIXEL_UNVERIFIED = "500000000000003"  # MAIN verifies the store domain, last fired 10 days ago (the deprecated
# sandbox_domain_verified says its own domain is not verified)
DEMO_PIXEL_AGENCY = "500000000000004"  # AGENCY owns the store domain, not verified; fired 5 minutes ago
DEMO_PIXEL_UNAVAILABLE = "500000000000005"  # is_unavailable; TROUBLED's: MAIN, not its BM, verifies the store domain
DEMO_PIXEL_UNATTACHED = "500000000000006"  # attached to no ad account

# ---- the store's website and the Business Managers' owned domains ---------------------------------------
DEMO_STORE_DOMAIN = "demo-outdoor.example"  # the demo store's website domain
DEMO_OWNED_DOMAIN_MAIN = "250000000000001"  # MAIN: demo-outdoor.example, verified
DEMO_OWNED_DOMAIN_MAIN_OUTLET = "250000000000002"  # MAIN: outlet-demo.example, not verified
DEMO_OWNED_DOMAIN_AGENCY_STORE = "250000000000003"  # AGENCY: demo-outdoor.example, not verified
DEMO_OWNED_DOMAIN_AGENCY = "250000000000004"  # AGENCY: northwind.example, verified
DEMO_OWNED_DOMAIN_SECURE = "250000000000005"  # SECURE: secure-holdings.example, verified

DEMO_PRODUCT_SET_ID = "600000000000001"

# ---- extended credit and Page aliases ------------------------------------------------------------------------
DEMO_EXTENDED_CREDIT_MAIN = "270000000000001"  # MAIN's extended credit line: invoice=true works there only
DEMO_PAGE_MAIN_ALIAS = "demooutdoor"  # DEMO_PAGE_MAIN's username
DEMO_PAGE_AGENCY_ALIAS = "northwind.agency"  # DEMO_PAGE_AGENCY's username

__all__ = [
    "DEMO_AD_ACCOUNT_ACTIVE",
    "DEMO_AD_ACCOUNT_AGENCY_OWNED",
    "DEMO_AD_ACCOUNT_BULK",
    "DEMO_AD_ACCOUNT_CLIENT",
    "DEMO_AD_ACCOUNT_CLIENT_2",
    "DEMO_AD_ACCOUNT_CLOSED",
    "DEMO_AD_ACCOUNT_DISABLED",
    "DEMO_AD_ACCOUNT_EUR",
    "DEMO_AD_ACCOUNT_FOREIGN",
    "DEMO_AD_ACCOUNT_FULL_TEAM",
    "DEMO_AD_ACCOUNT_GRACE_PERIOD",
    "DEMO_AD_ACCOUNT_NO_FUNDING",
    "DEMO_AD_ACCOUNT_PENDING_CLAIM",
    "DEMO_AD_ACCOUNT_PENDING_SETTLEMENT",
    "DEMO_AD_ACCOUNT_PERSONAL",
    "DEMO_AD_ACCOUNT_PERSONAL_NEW",
    "DEMO_AD_ACCOUNT_SECURE",
    "DEMO_AD_ACCOUNT_UNSETTLED",
    "DEMO_ANALYST_AD_ACCOUNTS",
    "DEMO_ANALYST_USER_ID",
    "DEMO_BUSINESS_ID_AGENCY",
    "DEMO_BUSINESS_ID_MAIN",
    "DEMO_BUSINESS_ID_PARTNER",
    "DEMO_BUSINESS_ID_SECURE",
    "DEMO_BUSINESS_ID_TROUBLED",
    "DEMO_BUSINESS_ID_UNVERIFIED",
    "DEMO_EXTENDED_CREDIT_MAIN",
    "DEMO_OWNED_DOMAIN_AGENCY",
    "DEMO_OWNED_DOMAIN_AGENCY_STORE",
    "DEMO_OWNED_DOMAIN_MAIN",
    "DEMO_OWNED_DOMAIN_MAIN_OUTLET",
    "DEMO_OWNED_DOMAIN_SECURE",
    "DEMO_PAGE_AGENCY",
    "DEMO_PAGE_AGENCY_ALIAS",
    "DEMO_PAGE_CLIENT",
    "DEMO_PAGE_EU",
    "DEMO_PAGE_FUTURE_LIMIT",
    "DEMO_PAGE_MAIN",
    "DEMO_PAGE_MAIN_ALIAS",
    "DEMO_PAGE_NEAR_LIMIT",
    "DEMO_PAGE_PERSONAL",
    "DEMO_PAGE_UNPUBLISHED",
    "DEMO_PERSON_BUSY",
    "DEMO_PERSON_CREATIVE",
    "DEMO_PERSON_JUNIOR",
    "DEMO_PERSON_MANAGER",
    "DEMO_PERSON_REPORTER",
    "DEMO_PERSON_SELLER",
    "DEMO_PIXEL_AGENCY",
    "DEMO_PIXEL_NO_EVENTS",
    "DEMO_PIXEL_READY",
    "DEMO_PIXEL_UNATTACHED",
    "DEMO_PIXEL_UNAVAILABLE",
    "DEMO_PIXEL_UNVERIFIED",
    "DEMO_PRODUCT_SET_ID",
    "DEMO_STORE_DOMAIN",
    "DEMO_USER_ID",
]
