"""English words that mark speakers, titles and the edges of noun phrases.

General newsroom vocabulary, not names: the extractor must work on articles nobody has seen.
"""

from __future__ import annotations


def words(text: str) -> frozenset[str]:
    """A set of words written as one space-separated string."""
    return frozenset(text.split())


# Job titles and roles: before a name they are the speaker's description ("Deputy Mayor Li Wei").
TITLES = words(
    """mayor minister president premier governor director chairman chairwoman chairperson chair
    secretary senator ambassador commissioner chief head spokesperson spokesman spokeswoman official
    officer adviser advisor economist analyst expert professor general chancellor executive ceo cfo
    coo cto founder co-founder engineer researcher scientist planner architect manager coordinator
    envoy representative councillor councilor councilman councilwoman lawmaker legislator mp leader
    akim hokim khokim administrator superintendent inspector commander judge attorney lawyer
    activist campaigner fellow lecturer dean rector principal consultant strategist owner member
    partner king queen prince emir sheikh editor correspondent specialist deputy-mayor vice-mayor
    physician doctor climatologist hydrologist glaciologist ecologist meteorologist statistician
    demographer urbanist economist-in-chief organiser organizer trustee treasurer auditor
    gov sen rep gen lt col capt sgt adm cmdr supt insp rev justice speaker whip nominee candidate
    secretary-general director-general vice-president vice-chairman vice-chair pollster
    strategist spokesman spokeswoman aide attorney-general prosecutor sheriff mp mep
    journalist columnist reporter commentator pundit anchor co-anchor host broadcaster writer
    author novelist historian sociologist psychologist filmmaker director producer actor actress
    comedian singer musician artist businessman businesswoman billionaire entrepreneur
    supervisor recorder clerk comptroller assessor registrar coroner marshal
    pastor bishop archbishop cardinal pope rabbi imam priest reverend evangelist
    coach teacher student voter supporter donor veteran delegate surgeon neurosurgeon"""
)
# Parties before a name: "Republican Christine Todd Whitman" is Christine Todd Whitman, a
# Republican. Read as a title only when the run names no body ("Republican National Committee").
PARTIES = words("republican democrat democratic gop libertarian")
HONORIFICS: dict[str, str] = {
    "mr": "m",
    "sir": "m",
    "lord": "m",
    "mrs": "f",
    "ms": "f",
    "miss": "f",
    "dame": "f",
    "madam": "f",
    "lady": "f",
    "dr": "",
    "prof": "",
    "mx": "",
}
# Heads of noun phrases that name a source without naming a person: "officials said".
SOURCES = words(
    """officials spokesperson ministry department agency government authorities authority company
    firm city council committee commission bank office administration report study survey
    statement police analysts experts residents economists researchers scientists engineers
    activists critics observers organisers organizers planners operator operators utility developer
    developers group union association data figures estimates documents sources source people
    participants delegates environmentalists campaigners regulator regulators watchdog institute
    organisation organization programme program municipality hall ministries agencies officers
    ministers mayors lawmakers legislators diplomats witnesses consultants specialists insiders
    executives managers economists forecasters authors paper assessment analysis review audit
    parliament cabinet presidency secretariat inspectorate operator plan strategy budget document
    website records statistics census ranking index forecasts projections calculations groups
    advocates campaigners unions associations companies firms banks lenders donors investors
    airline airport railway carrier provider insurer bureau directorate service board chamber
    centre center academy university college school hospital court tribunal embassy consulate
    mission foundation fund coalition alliance network forum consortium ngo charity faction
    party opposition bloc caucus camp movement campaign lobby opponents proponents backers
    allies aides skeptics sceptics detractors defenders voters loyalists operatives"""
)
TITLE_OR_SOURCE = TITLES | SOURCES
# Collective nouns without a plural "s" that never name anybody in particular.
COLLECTIVES = words("police people data staff personnel media press public")

# Words of proper names that follow them: "Ministry of Energy", "Ursula von der Leyen".
CONNECTORS = words(
    "of for de van von der den bin ibn al el da del della di du la le y the on and &"
)
# Organisation words: "Li Wei of the Urban Planning Institute" is a person and her employer.
ORGANISATIONS = words(
    """institute university ministry bank agency academy council committee commission department
    company group foundation fund centre center organisation organization office association
    union corporation corp authority programme program forum society school college service
    administration project initiative network alliance federation partnership institution
    observatory laboratory lab bureau board secretariat parliament assembly government
    municipality hall inc ltd llc holdings consortium"""
)

DETERMINERS = words(
    "the a an its his her their our this that these those several many some other another two "
    "three four five both all one multiple numerous few most various"
)
PRONOUNS: dict[str, str] = {"he": "m", "she": "f", "they": "", "it": ""}

# Lowercase words that end a noun phrase walking backwards: they belong to the clause around it.
LOWER_STOP = words(
    """in on at to from with by as about after before during under over into and or but that which
    who whom whose while when because if is are was were be been being has have had will would can
    could should may might must not no said says also then than so it he she they we i you there
    here what how why where said told added noted do does did just only even very more most"""
)
# Capitalised words that cannot be part of a name: sentence openers, days and months.
CAPITAL_STOP = words(
    """The A An In On At But And Or However Meanwhile This That These Those It He She They We I You
    Our His Her Their Its There Here Speaking After Before When While As If For With By From To
    Asked Last Next Earlier Later Then Also Still Yet So Since Although Though Despite According
    Now Today Yesterday Separately Instead Overall Under Over During Until Both Some Many Several
    Other Most All Such What Why How Where Who Which Nevertheless Moreover Furthermore Indeed
    Already Even Only Just Once Every Each No Not Nor Among Within Without Across Against Between
    Amid Amidst Meantime Throughout Unlike Like Upon Beyond Except Breaking Exclusive Revealed Says
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May
    June July August September October November December"""
)
# Labels that open a line as a speaker's name would ("Editor's Note: ..."): page furniture.
LABELS = words(
    """Name Note Editor Editors Correction Clarification Update Updated Disclosure Source Sources
    Photo Photograph Credit Credits Related Read Watch Listen See Video Caption Advertisement"""
)
# Common given names whose bearer's "he" or "she" is near certain: a pronoun of the other gender
# never means them. A short list of our own, not a register of names: most names are unknown,
# and an unknown name matches either pronoun.
MALE_NAMES = words(
    """aaron adam alan albert alex alexander ali andrew anthony antonio barack ben benjamin bernie
    bill bob brad brian bruce carl carlos charles charlie chris christopher chuck dan daniel
    dave david dennis dick donald doug douglas ed edward eric frank fred gary george gerald greg
    harry henry howard ian jack jacob james jason jeb jeff jeffrey jerry jim jimmy joe joel john
    johnny jon jonathan jorge jose joseph josh juan justin keith ken kenneth kevin larry lee luis
    marco mark martin matt matthew michael mike mitch mitt nathan neil nick nicholas omar patrick
    paul pete peter phil philip rand randy ray raymond reince richard rick rob robert roger ron
    ronald roy rudy rudolph russell ryan sam samuel scott sean sergei sergey stephen steve steven
    stuart ted terry thomas tim timothy todd tom tony vladimir walter wayne william xi yuri
    ahmed ahmad mohammed muhammad hassan ivan dmitry dmitri nikolai mikhail alexei oleg igor"""
)
FEMALE_NAMES = words(
    """alice alicia amanda amy andrea angela ann anna anne barbara betsy betty beth carly carol
    caroline catherine cheryl christine claire cynthia dana deborah debbie diana diane donna
    dorothy elaine elena elizabeth ellen emily emma eva evelyn fiona gina gloria grace hannah
    heather heidi helen hillary hope huma ivanka jane janet janice jean jennifer jessica jill
    joan joanna joy judith judy julia julie karen kate katherine kathleen kathy kelly kellyanne
    kim kimberly kirsten laura lauren linda lisa lois loretta lucy lynn madeleine margaret maria
    marie marilyn martha mary megan melania melanie melissa michelle monica nancy natalie
    nicole nikki olga olivia pam pamela patricia paula rachel rebecca rosa ruth sally samantha
    sandra sara sarah sharon sheila sonia stephanie susan susana suzanne tammy teresa theresa
    tina valerie victoria virginia wendy yulia irina tatiana natalia svetlana ekaterina"""
)
# Words that open a description of the person just named: "Rashid Alimov, former
# secretary-general of SCO", "Ana Li, then head of the agency".
ROLE_OPENERS = words(
    """former then acting deputy senior chief interim outgoing incoming retired longtime
    long-time veteran founding principal lead executive associate assistant"""
)
# Heads of phrases that name places and groups, not a person a pronoun could mean.
NOT_PEOPLE = words(
    """times post news journal tribune herald guardian telegraph reuters press agency xinhua tass
    ria interfax bloomberg bbc cnn nbc abc cbs fox npr pbs afp ap korea china russia america
    states kingdom union republic federation county city state province district region
    republicans democrats conservatives liberals demonstrators protesters house senate congress
    white pentagon kremlin nato un eu who sco imf opec asean campaign administration camp team"""
)
# Between a speaker and the speech verb: "Khan also said", "the ministry has warned".
SKIP_BEFORE_VERB = words(
    """also even never later then further previously separately recently again has have had
    earlier once repeatedly publicly officially reportedly meanwhile however already
    often always privately
    subsequently initially first similarly quickly flatly frequently immediately simply openly
    explicitly himself herself themselves itself too still now recently separately"""
)

# Verbs that introduce a reported clause without "that" ("Khan said the line will open").
CLAUSE_VERBS = (
    "said|says|say|added|adds|noted|warned|warns|claimed|told|tells|argued|argues|insisted|"
    "insists|explained|explains|stressed|emphasi[sz]ed|emphasi[sz]es|pointed out|points out|"
    "stated|wrote|writes|believes|believe|estimated|predicted|predicts|expects|expect|cautioned|"
    "maintained|contended|suggested|asserted|recalled|conceded|acknowledged|admitted|confirmed|"
    "reported|reports|observed|forecast|testified|testifies|recounted|recounts|tweeted|posted|"
    "alleged|alleges|notes|estimates|charges|charged|contends|maintains|concedes|asserts|"
    "stresses|observes|cautions|acknowledges|suggests|emphasizes|emphasises|testify|"
    # base forms, for plural subjects: "Critics point out that ..."
    "point out|argue|warn|insist|estimate|predict|contend|suggest|maintain|stress|note|claim|"
    "claims|warns|insists|argues|admits|"
    "explain"
)
# The present progressive of running copy ("Trump is warning voters that ...", "Clinton is
# stressing that ..."): a clause verb, written with its auxiliary so that the subject ends
# right before it.
_PROGRESSIVE = (
    "saying telling warning arguing insisting claiming stressing suggesting predicting noting "
    "acknowledging conceding contending maintaining explaining emphasizing emphasising "
    "confirming reminding"
)
CLAUSE_VERBS += "|" + "|".join(
    f"{aux} {verb}" for aux in ("is", "are", "was", "were") for verb in _PROGRESSIVE.split()
)
# Verbs that report speech only when a "that" clause follows ("announced that ...").
THAT_VERBS = (
    "announced|revealed|disclosed|promised|pledged|vowed|promises|pledges|vows|responds|replies|"
    "is promising|is pledging|is vowing|is declaring|is announcing|are promising|are pledging|"
    "declared|boasted|remarked|replied|accused|accuses|"
    "responded|countered|projected|calculated|concluded|complained|assured|reminded|signalled|"
    "signaled|indicated|found|finds|showed|shows|agreed|agree|hoped|denied|denies|"
    # "they agreed to ...", "she hoped for ...": only a "that" clause is something said.
    "conceded|announces|reveals|declares|concludes|complains"
)
# Verbs that attribute a quote but introduce no reported clause.
QUOTE_ONLY_VERBS = (
    "asked|continued|joked|urged|recalls|described|outlined|summed up|put it|recalled|quipped|"
    "exclaimed|shouted|whispered|remembered|remembers"
)
PARTICIPLES = (
    "adding|noting|warning|saying|telling|writing|testifying|arguing|explaining|stressing|insisting|claiming|predicting|"
    "estimating|pointing out|emphasi[sz]ing|stating|acknowledging|admitting|suggesting"
)


def first_words(alternation: str) -> frozenset[str]:
    """The first word of every verb in a regex alternation, with "[sz]" spelt both ways: a
    sentence without any of them cannot contain the verbs."""
    found: set[str] = set()
    for verb in alternation.split("|"):
        word = verb.split()[0]
        found.update((word.replace("[sz]", "s"), word.replace("[sz]", "z")))
    return frozenset(found)
