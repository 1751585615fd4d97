#!/bin/sh
# The December 2026 data corrections (issue 25), as the write commands that make them, one command per change.
#
#   sh data/updates/2026-12.sh FILE
#
# FILE is a copy of the November 2026 data (tests/fixtures/2026-11/commitments.json, and the history log beside
# it once the data keeps one); the script changes it in place. PLEDGE_TUI names the pledge-tui to run (default: the
# one on PATH), for example PLEDGE_TUI=.venv/bin/pledge-tui. The history clock (SOURCE_DATE_EPOCH) and the author
# (--by) are fixed, so a replay on the November file gives data/commitments.json byte for byte
# (tests/test_update_replay.py). `make data` (scripts/rebuild-data.sh) rebuilds the bundled file this way.
#
# What it corrects: an audit of the November update checked every record, history entry and text against the
# project's research notes and the stored sources. It found nothing invented, no source cited wrongly and no wording
# copied, but two medium and thirteen minor problems; and a newcomer found that thirteen "pledged" records named
# conditions that the help's definitions called "conditional". The items are cited as "Medium 1", "Minor 4",
# "Status rule" and "Info 1". Every command cites its sources with --source and says why with --note, sources and
# events added included, so the data's history carries the reasons and nothing outside this repository is needed
# to read them. The texts are our own words (tests/test_own_words.py): only the words of officials and documents,
# in quotation marks, are repeated.
#
# Rules applied throughout:
# - The status rule (README, "The data"): a member that said it will provide something has pledged it, and a
#   pledged record may depend only on a ceasefire and on the member's own vote or decision (conditions ceasefire,
#   parliament, government-decision). An offer that depends on anything more (US backing, a UN or EU mandate, only
#   outside Ukraine, mission rules, a full peace deal) is conditional, as is a yes given only in principle.
# - Wartime and post-ceasefire training: training offered as a contribution to the guarantees for after a
#   ceasefire is a record; training already given during the war (a mission that runs now, renewed, extended or
#   enlarged) is a caveat of the member, as Slovenia's and New Zealand's became in November.
# - `set` restates the record's current STATUS whenever only other fields change.
set -eu

if [ "$#" -ne 1 ] || [ ! -f "$1" ]; then
    echo "usage: sh data/updates/2026-12.sh FILE   (FILE: a copy of the November 2026 data)" >&2
    exit 2
fi
FILE=$1

export SOURCE_DATE_EPOCH=1796601600        # 2026-12-07T00:00:00Z, the time of every history entry
export PYTHONUTF8=1                        # the texts are UTF-8 whatever the caller's locale
BY="pledge-tui data team"

pt() {
    "${PLEDGE_TUI:-pledge-tui}" --data "$FILE" "$@" --by "$BY"
}

# ---------------------------------------------------------------------------------------------------------------
# Medium 1: S161 is a site of machine-written summaries of the sitting, not the Riigikogu's verbatim record
# ---------------------------------------------------------------------------------------------------------------
pt edit-source S161 \
    --publisher "riigitode.ee (AI-written summaries of a Riigikogu sitting; not the verbatim record)" \
    --title "Inquiry concerning the intention to deploy the Defense Forces to Ukraine (No. 814)" \
    --tier C --source S161 \
    --note "Medium 1: the page captured is a private site's AI-written summaries of each speech in the Riigikogu sitting of 10 Nov 2025, and only those summaries were read, so the source is tier C (a machine-rewritten copy), not A. The publisher now says what the page is, and the title is the page's own heading instead of a description."

# ---------------------------------------------------------------------------------------------------------------
# Medium 2: Estonia: the foreign minister confirmed the company-sized unit before the sitting; the PM spoke in it
# ---------------------------------------------------------------------------------------------------------------
pt set EE ground-forces pledged \
    --summary "Estonia's prime minister offered a company-sized combat unit plus staff officers in Apr 2025 (by ERR's reckoning a company usually has 50 to 250 troops, some 150 on average). Foreign Minister Tsahkna later confirmed in public that Estonia would contribute a ground combat unit of up to company size (the source gives no date); that statement led MPs to question the government in the Riigikogu, where on 10 Nov 2025 PM Michal said Estonia had told its allies it was ready to send instructors and staff officers, and that no unit deploys without a Riigikogu mandate." \
    --source S161 \
    --note "Medium 2: the summaries of the sitting show that the foreign minister confirmed the unit before the sitting, on a date they do not give, and that in the sitting the prime minister answered the questions his statement raised; the summary now says who said what, and when. The date stays 10 Nov 2025, the day of the prime minister's words."
pt edit-event E35 --title "Estonian MPs question a deployment to Ukraine" \
    --summary "MPs of the EKRE faction questioned the prime minister in the Riigikogu about deploying Estonian forces to Ukraine, prompted by the foreign minister's earlier public confirmation that Estonia would contribute a ground combat unit of up to company size. PM Michal answered that Estonia had told its allies it was ready to send instructors and staff officers, and that any unit needs a Riigikogu mandate before it deploys. Known from AI-written summaries of the sitting (tier C)." \
    --source S161 \
    --note "Medium 2: the event said the foreign minister confirmed the offer in the sitting; he did so earlier, in a public statement that prompted the MPs' questions, and in the sitting the prime minister answered them. Title and summary now say so."

# ---------------------------------------------------------------------------------------------------------------
# Minor 1: the TASS report on the Dutch advisory council is dated 3 July (event E33 keeps the report's 2 July)
# ---------------------------------------------------------------------------------------------------------------
pt edit-source S157 --date 2026-07-03 --source S157 \
    --note "Minor 1: the TASS dateline is The Hague, 3 Jul 2026; the 2 Jul date belongs to the advisory council's report, which event E33 keeps."

# ---------------------------------------------------------------------------------------------------------------
# Minor 2: the "26" note quoted our own paraphrase of Macron's condition
# ---------------------------------------------------------------------------------------------------------------
pt edit-meta \
    --reported-note "Macron's count (4 Sep 2025) of the countries that had 'formally committed' to a reassurance force in Ukraine or to being present on the ground, at sea or in the air, for the time after a ceasefire or peace. He did not name them and no list has been found; the count takes in countries that would send no troops, as Italy and Poland ruled troops out that same day." \
    --source S24,S25 \
    --note "Minor 2: the words 'once there is a ceasefire or peace' stood in quotation marks but were our paraphrase of Macron, not his words; the condition stays, in our own words and without quotation marks."

# ---------------------------------------------------------------------------------------------------------------
# Minor 3: the Netherlands: what S156 and S157 support, and the defence minister's actual words
# ---------------------------------------------------------------------------------------------------------------
pt set NL ground-forces considering \
    --summary "PM Schoof said the Netherlands may join a peacekeeping effort but committed to nothing; in Feb 2026 the armed forces chief said the military could do it, and the new defence minister said of troops after a peace deal: 'I don't exclude such a possibility', adding that she was 'in no hurry' to decide (both via TASS). On 2 Jul 2026 the AIV, the council that advises the Dutch government on foreign affairs, recommended an active political and military part in a mission after a ceasefire, with hard security guarantees resting on a multinational force, and said parliament must approve any deployment. The government has not decided." \
    --source S158,S156,S157 \
    --note "Minor 3: 'a guarantee force able to fight' is in neither cited report, so the summary now gives what they say (hard guarantees resting on a multinational force, an active part for the Netherlands); and 'does not exclude' was our paraphrase in quotation marks, now replaced by the minister's words as TASS reports them."
pt edit-event E33 \
    --summary "The AIV, which advises the Dutch government on foreign affairs, recommended that the Netherlands take an active political and military part in a mission after a ceasefire and help form the group of states that would lead it; it argued that a lasting peace needs hard security guarantees resting on a multinational force, and noted that parliament must approve a deployment. The government has not decided." \
    --source S156,S157 \
    --note "Minor 3: 'a guarantee force able to fight' is in neither cited report; the summary now says what they support."

# ---------------------------------------------------------------------------------------------------------------
# Minor 4: the US signal of Feb 2026 was that guarantees could go to Congress (as event E34 says), not readiness
# ---------------------------------------------------------------------------------------------------------------
pt set US backstop conditional \
    --summary "In Dec 2025 US officials offered an 'Article 5-like' guarantee for Ukraine, to be ratified by Congress (Zelensky spoke of 15 years, extendable). The US stayed outside the Paris Declaration, whose clause committing it to back the force was dropped, and the bilateral document reported '100% ready' in Jan 2026 (C-tier only) was not confirmed as signed. In Feb 2026 Kyiv reported a US signal that binding guarantees could be put to Congress for ratification, and called the draft 'nearly complete'; nothing up to Nov 2026 shows a signature or a ratification. The seed article's phrase 'strategic backstop' appears in no other source." \
    --source S159 \
    --note "Minor 4: S159 reports that binding guarantees could be submitted to Congress, not that the US was ready to send them; the summary now says what event E34 says."
pt edit-member US --remove-caveat 7 \
    --add-caveat "In Feb 2026 Ukraine's foreign ministry reported a US signal that binding guarantees could be put to Congress for ratification; nothing up to Nov 2026 shows a signature or a ratification." \
    --source S159 \
    --note "Minor 4: the caveat said the US was ready to send the guarantees to Congress; S159 says only that they could be submitted, as event E34 has it."

# ---------------------------------------------------------------------------------------------------------------
# Minor 5: the coalition row: 'stand ready to commit', the financing component, and the declaration's numbering
# ---------------------------------------------------------------------------------------------------------------
pt set COW backstop pledged \
    --summary "In the Paris Declaration the coalition's members said they 'stand ready to commit' to 'politically and legally binding' guarantees, among them support for Ukraine should Russia attack it again; the guarantees take effect once a ceasefire is in force. Which members signed is not public." \
    --source S47 \
    --note "Minor 5: in the declaration's own words the coalition is ready to commit to the guarantees, which is not the same as having committed to them; the summary now quotes it. The status stays pledged: the same text says the guarantees will take effect with a ceasefire and lists what they will include."
pt set COW funding pledged --stated-on 2026-01-06 --condition ceasefire \
    --summary "The declaration's second component, support for Ukraine's armed forces, includes help in financing their purchases of weapons; the coalition agreed to keep up this long-term military aid, and the guarantees as a whole take effect once a ceasefire is in force. No national sums are named." \
    --source S47 \
    --note "Minor 5: the declaration names support for financing weapons purchases among its components, yet the row's Funding read not disclosed; it is recorded like the rest of the row, with the ceasefire condition."
pt edit-member COW \
    --add-caveat "The declaration numbers its components: 1, taking part in a proposed US-led mechanism to monitor and verify a ceasefire; 2, support for Ukraine's armed forces (long-term military aid, including help financing weapons purchases); 3, the Multinational Force Ukraine; 4, a commitment to support Ukraine if Russia attacks it again; 5, deeper long-term defence cooperation with Ukraine. The caveats above and Czechia's row refer to these numbers." \
    --source S47 \
    --note "Minor 5: Czechia's caveats cite points 1, 5 and 2 to 4 of the declaration, which the data never named; the row now lists the five components once, in the declaration's order."

# ---------------------------------------------------------------------------------------------------------------
# Minor 6: the coalition row's national procedures stay a caveat, not a condition (README, "The data"): no command
# Minor 7: wartime training, one rule for the three records (Slovenia's stays removed, as in November)
# ---------------------------------------------------------------------------------------------------------------
pt edit-member EU \
    --add-caveat "Wartime support, not a post-ceasefire guarantee: Costa said (Sep 2025, as paraphrased by Novinite) that the EU's training mission for Ukrainian forces would be enlarged; that mission trains Ukrainian troops outside Ukraine while the war goes on, as Slovenia's part in it does." \
    --source S32 \
    --note "Minor 7: the EU's training mission is the wartime mission whose Slovenian share was moved to a caveat in November; the plan to enlarge it is kept here, as a caveat, before the record goes."
pt unset EU training --source S32 \
    --note "Minor 7: enlarging a training mission that runs during the war is wartime support, not an offer for after a ceasefire, which is what the tracker records (the same rule removed Slovenia's and New Zealand's training); the plan stays as a caveat of the EU."
pt edit-member CA \
    --stance "Promises 'direct and scalable military assistance' after a ceasefire; troops only 'a possibility'; its first contribution could centre on training." \
    --add-caveat "Wartime support, not a post-ceasefire guarantee: Canadian troops already train Ukrainian forces under Operation UNIFIER, renewed and expanded on 24 Feb 2026." \
    --source S76,S84 \
    --note "Minor 7: Operation UNIFIER is training given during the war, so it moves from the stance and the training record to a caveat; what Carney offered for after a ceasefire stays in the record."
pt set CA training pledged --stated-on 2026-01-06 \
    --summary "At the Paris summit of 6 Jan 2026 Carney said Canada's first contribution to the guarantees could centre on training. Operation UNIFIER, the training Canada gives Ukrainian forces during the war (renewed and expanded on 24 Feb 2026), is not counted here but kept as a caveat." \
    --source S76 \
    --note "Minor 7: the record rested partly on the renewal of Operation UNIFIER, which is wartime support; it now rests on what Carney offered for the guarantees, dated to the day he said it."

# ---------------------------------------------------------------------------------------------------------------
# Minor 8: Portugal's troops only after the war ends: a peace deal, not a ceasefire
# ---------------------------------------------------------------------------------------------------------------
pt set PT ground-forces conditional --condition peace-deal,government-decision --source S45,S71 \
    --note "Minor 8: the sources and the summary say Portugal would send forces only once the war is over, which is the peace-deal condition; a ceasefire alone would not meet it."

# ---------------------------------------------------------------------------------------------------------------
# Minor 9: the US caveat on the cut clause also names the intelligence and logistics support that was cut
# ---------------------------------------------------------------------------------------------------------------
# The caveats are rewritten from the first on, so that their order stays as it was.
pt edit-member US --remove-caveat 1 --remove-caveat 2 --remove-caveat 3 --remove-caveat 4 --remove-caveat 5 \
    --remove-caveat 6 --remove-caveat 7 \
    --add-caveat "The Paris Declaration carries no US signature, and its final text cut the draft's wording on US support for the force: the intelligence and logistics the US would provide, and the US promise to come to the force's aid if it were attacked. What remains is only proposed US support." \
    --add-caveat "The 'Article 5-like' guarantee would need ratification by Congress; the offer was said to be 'not on the table forever'." \
    --add-caveat "Zelensky said on 25 Jan 2026 the bilateral document was '100% ready' (C-tier only); no signature was confirmed." \
    --add-caveat "The seed article calls the US a 'strategic backstop'; that phrase was not found in any other source." \
    --add-caveat "Von der Leyen said (Aug 2025) Trump had promised an American presence 'as part of the backstop'; Zelensky said on 4 Sep 2025 he counts on the US backstop." \
    --add-caveat "Trump joined the follow-up call to the 4 Sep 2025 summit, not the summit itself; envoy Witkoff attended in person; the US role was to be settled in the following weeks." \
    --add-caveat "In Feb 2026 Ukraine's foreign ministry reported a US signal that binding guarantees could be put to Congress for ratification; nothing up to Nov 2026 shows a signature or a ratification." \
    --source S50 \
    --note "Minor 9: besides the promise to back the force if it were attacked, the final text also dropped the draft's lines on the intelligence and logistics the US would lend it; the first caveat now names both."

# ---------------------------------------------------------------------------------------------------------------
# Minor 10: the headquarters' year in Paris is over and no move to London was reported up to Nov 2026
# ---------------------------------------------------------------------------------------------------------------
HQNOTE="Minor 10: the headquarters was to stay in Paris for its first year from Jul 2025 and then move to London; that year has passed and no report of the move was found up to Nov 2026, so the text no longer gives the move as still to come. This records an absence of reports, not a decision."
pt set FR command pledged \
    --summary "France hosts the MNF-U's 3-star multinational headquarters in Paris and leads it jointly with the UK. The plan of Jul 2025 was to move it to London after its first year; that year has passed, and no move had been reported by Nov 2026. A cell in Kyiv is to open when the force deploys, and in Jan 2026 a Paris cell was agreed to connect the coalition with the US and Ukraine. A negotiating group of the UK, France, Ukraine and contributing nations, its members unpublished, is to settle the international agreement a deployment requires." \
    --source S8 --note "$HQNOTE"
pt set GB command pledged \
    --summary "The UK leads the MNF-U's 3-star headquarters jointly with France. It was to sit in Paris for a year and then move to London; the year has passed, and no move had been reported by Nov 2026. A Kyiv cell is to follow once the force deploys. UK ministers said in written answers that a negotiating group, made up of the UK, France, Ukraine and the nations contributing to the force (its membership unpublished), is to settle the international agreement a deployment requires. A 70-person HQ was reported 'up and running' in Feb 2026 (TASS quoting the UK MoD, C-tier)." \
    --source S8 --note "$HQNOTE"
pt edit-event E11 \
    --summary "After a UK–France summit, leaders on a coalition call from Northwood decided the MNF-U headquarters would sit in Paris for its first year and then in London, with a cell in Kyiv once troops deploy; planning would go on so that a force could be sent within days of a ceasefire. Senators Graham and Blumenthal and US envoy Kellogg took part for the first time. By Nov 2026, the year over, no move to London had been reported." \
    --source S8 --note "$HQNOTE"

# ---------------------------------------------------------------------------------------------------------------
# Minor 11: Türkiye's sea record keeps the January 2026 date its status rests on; the May letter is later reporting
# ---------------------------------------------------------------------------------------------------------------
pt set TR naval-demining conditional --stated-on 2026-01-06 \
    --summary "Türkiye is ready 'in principle' to lead the coalition's Black Sea maritime element, and FM Fidan reported 'considerable progress' (Jan 2026, C-tier copy of Middle East Eye). It already leads the Black Sea mine-countermeasures group with Romania and Bulgaria and hosted post-ceasefire Black Sea talks in Apr 2025. Later reporting, from one advocacy think tank (C-tier): a letter of 18 May 2026 says Türkiye 'has been tasked with planning and leading' Black Sea maritime security via a Maritime Component Command (proposed) that would stay under Turkish national command and respect the Montreux Convention." \
    --source S78,S155 \
    --note "Minor 11: the record's status rests on the statements of Jan 2026, so its date goes back to 6 Jan 2026; the letter of May 2026, known from one C-tier source, is cited as later reporting and keeps its own event (E31)."

# ---------------------------------------------------------------------------------------------------------------
# Minor 12: every source and event added from now on says why with --note (see S166 below)
# Minor 13: the coalition's long-term military aid goes on now; the guarantees as a whole wait for a ceasefire
# ---------------------------------------------------------------------------------------------------------------
pt set COW equipment pledged \
    --summary "In the declaration the coalition agreed to keep up its long-term military aid and arms supplies for Ukraine's armed forces, which are to remain 'the first line of defence and deterrence'. That aid goes on now; the guarantees as a whole, this component among them, take effect once a ceasefire is in force." \
    --source S47 \
    --note "Minor 13: the declaration speaks of continuing the military aid, which is under way today, while the system of guarantees it belongs to starts with a ceasefire; the summary had made the aid itself wait for one."

# ---------------------------------------------------------------------------------------------------------------
# Status rule: the pledged records that depend on more than a ceasefire and a national decision become conditional
# ---------------------------------------------------------------------------------------------------------------
# Thirteen pledged records named conditions beyond a ceasefire. Six keep their status under the rule: the UK's
# ground, air, sea and training records and Estonia's ground and training records depend only on a ceasefire and a
# vote in parliament (ceasefire, parliament). Seven depend on more and are re-graded below.
BENOTE="Status rule: Belgium's offer holds only with a firm US backstop (without US support the plan is 'not feasible', De Wever said), which is more than a ceasefire and a national decision, so the record is conditional; what was said and the sources are unchanged."
pt set BE air-patrol conditional --source S72,S73 --note "$BENOTE"
pt set BE naval-demining conditional --source S72,S73 --note "$BENOTE"
pt set BE training conditional --source S72,S73 --note "$BENOTE"
pt set DE monitoring conditional --source S136 \
    --note "Status rule: Germany's monitoring offer carries Merz's terms for all German help, among them a binding guarantee that includes the US, which is more than a ceasefire and a national decision; conditional, like Germany's air and sea offers on the same terms."
SENOTE="Status rule: Sweden's offers come after a peace settlement and need detailed US guarantees and clear rules for the force, which is more than a ceasefire and a national decision, so the record is conditional; what was said and the sources are unchanged."
pt set SE air-patrol conditional --source S61,S62 --note "$SENOTE"
pt set SE naval-demining conditional --source S62 --note "$SENOTE"
pt set SE training conditional --source S62 --note "$SENOTE"
pt edit-member SE \
    --stance "Offers JAS Gripen air surveillance, Black Sea mine clearance and officer training after a peace deal, on strict conditions." \
    --source S62 \
    --note "Status rule: Sweden's three offers are now conditional, so the stance says that Sweden offers them rather than pledges them."

# ---------------------------------------------------------------------------------------------------------------
# Info 1: a B-tier copy of Zelensky's Vilnius statement of 25 Jan 2026 (Digi24, citing Reuters)
# ---------------------------------------------------------------------------------------------------------------
pt add-source --id S166 --publisher "Digi24 (Romanian; Reuters via News.ro)" \
    --title "Zelenski spune că acordul privind garanţiile de securitate din partea SUA este gata sută la sută" \
    --date 2026-01 \
    --url "https://www.digi24.ro/stiri/externe/zelenski-spune-ca-acordul-privind-garantiile-de-securitate-din-partea-sua-este-gata-suta-la-suta-3600627" \
    --tier B \
    --note "Info 1: a Reuters-based report by Digi24 (S65's publisher) of Zelensky's Vilnius statement of Sunday 25 Jan 2026 that the US document was '100% ready', which until now rested on one C-tier site. Filed under Jan 2026: the page's own date was not captured." \
    >/dev/null
pt edit-event E27 \
    --summary "US–Ukraine–Russia talks ran for two days in Abu Dhabi; on 25 Jan in Vilnius Zelensky said the US guarantees document was '100% ready' and was waiting for a signing date, after which Congress and the Rada would have to ratify it. The talks are known from a C-tier site only; the Vilnius statement also from Digi24, citing Reuters (tier B)." \
    --source S166 \
    --note "Info 1: the Vilnius statement now has a B-tier source; the two days of talks in Abu Dhabi still rest on the C-tier site alone, and the summary says which is which."
pt set US backstop conditional \
    --summary "In Dec 2025 US officials offered an 'Article 5-like' guarantee for Ukraine, to be ratified by Congress (Zelensky spoke of 15 years, extendable). The US stayed outside the Paris Declaration, whose clause committing it to back the force was dropped, and the bilateral document reported '100% ready' in Jan 2026 (by a C-tier site and by Digi24, citing Reuters) was not confirmed as signed. In Feb 2026 Kyiv reported a US signal that binding guarantees could be put to Congress for ratification, and called the draft 'nearly complete'; nothing up to Nov 2026 shows a signature or a ratification. The seed article's phrase 'strategic backstop' appears in no other source." \
    --source S166 \
    --note "Info 1: the '100% ready' statement no longer rests on a C-tier site alone; the summary names the B-tier report."
pt edit-member US --remove-caveat 3 --remove-caveat 4 --remove-caveat 5 --remove-caveat 6 --remove-caveat 7 \
    --add-caveat "Zelensky said on 25 Jan 2026 the bilateral document was '100% ready' (a C-tier site; also Digi24, citing Reuters, tier B); no signature was confirmed." \
    --add-caveat "The seed article calls the US a 'strategic backstop'; that phrase was not found in any other source." \
    --add-caveat "Von der Leyen said (Aug 2025) Trump had promised an American presence 'as part of the backstop'; Zelensky said on 4 Sep 2025 he counts on the US backstop." \
    --add-caveat "Trump joined the follow-up call to the 4 Sep 2025 summit, not the summit itself; envoy Witkoff attended in person; the US role was to be settled in the following weeks." \
    --add-caveat "In Feb 2026 Ukraine's foreign ministry reported a US signal that binding guarantees could be put to Congress for ratification; nothing up to Nov 2026 shows a signature or a ratification." \
    --source S166 \
    --note "Info 1: the caveat on the '100% ready' statement named a C-tier source only; it now names the B-tier report too. The caveats after it are restated so that their order stays as it was."

# Info 2: the October 2026 energy truce is known only from headline lists whose headline, address and date were
# not captured; with no source to cite it is not recorded (it was no ceasefire and would change no record).
