#!/bin/sh
# The November 2026 data update (issue 12), as the write commands that make it (README "Editing").
#
#   sh data/updates/2026-11.sh FILE
#
# FILE is a copy of the March 2026 data (schema version 1, as tests/fixtures/2026-03/commitments.json); the
# script changes it in place and writes its history log beside it (FILE with .json replaced by .history.jsonl).
# PLEDGE_TUI names the pledge-tui to run (default: the one on PATH), for example PLEDGE_TUI=.venv/bin/pledge-tui.
# The history clock (SOURCE_DATE_EPOCH) and the author are fixed, so a replay on the March 2026 file gives the
# November 2026 files byte for byte (tests/test_update_replay.py; `make data` runs it, then 2026-12.sh, to
# rebuild data/commitments.json and data/commitments.history.jsonl).
#
# What it follows: the project's research notes of November 2026 (an audit of the March 2026 data, new sources
# and newer facts), which are not part of this repository; everything this update takes from them is in the
# commands below and their notes. Items are cited as "update 1.4" (the audit's item 4), "update 2" (new sources),
# "update 3" (newer facts) and "update 4" (the as-of date). Every change cites its sources with --source and says
# why with --note, except the sources and events it adds: this update ran add-source and add-event without
# --note, so the comment above each says why (the December update, 2026-12.sh, gives every addition a note). The
# texts are our own words (tests/test_own_words.py): only quotations of officials, in quotation marks, repeat
# what was said.
#
# The script is kept exactly as it ran: replaying it on the March 2026 file gives the November 2026 file,
# tests/fixtures/2026-11/commitments.json, byte for byte, and that file is what 2026-12.sh replays on.
#
# Rules applied throughout:
# - Status says what was said; the source tier says how sure we are (update 1.8). An offer reported as made is
#   pledged (or conditional when it names conditions), whatever the tier; the app shows each source's tier.
# - Headline-only sources (tier C, article not read) may date events ("Reported: ...") but never change a
#   status on their own.
# - `set` restates the record's current STATUS whenever only other fields change.
set -eu

if [ "$#" -ne 1 ] || [ ! -f "$1" ]; then
    echo "usage: sh data/updates/2026-11.sh FILE   (FILE: a copy of the March 2026 data)" >&2
    exit 2
fi
FILE=$1

export SOURCE_DATE_EPOCH=1795996800        # 2026-11-30T00:00:00Z, the time of every history entry
export PLEDGE_TUI_USER="pledge-tui data team"
export PYTHONUTF8=1                        # the texts are UTF-8 whatever the caller's locale

pt() {
    "${PLEDGE_TUI:-pledge-tui}" --data "$FILE" "$@"
}

# ---------------------------------------------------------------------------------------------------------------
# update 1.1: the Paris Declaration's coalition-wide commitments, on the coalition row (README "The data")
# ---------------------------------------------------------------------------------------------------------------
# The first write command upgrades the file to schema version 3: events are numbered E1..E30 in document-id
# order, so E16 is "Rutte in Kyiv", E27 "Abu Dhabi talks" and E30 "Talks deadlocked over Donbas".
pt add-member COW --name "Coalition of the Willing (as a whole)" --role coalition \
    --stance "Records what the coalition declared as a whole in the Paris Declaration of 6 Jan 2026; it implies nothing about what any one member signed or will provide." \
    --caveat "No list of the declaration's signatories was published; each member's own position is in its own row." \
    --caveat "Czechia's government rejected points 2 to 4 of the declaration (see Czechia)." \
    --caveat "The United States did not sign the declaration; the clause committing it to back the force was dropped from the final text." \
    --caveat "The guarantees take effect only once a ceasefire is in force." \
    --caveat "Each country applies them under its own legal and constitutional procedures." \
    --caveat "Summit attendance and parliamentary approval are recorded for each member, not for the coalition as a whole." \
    --source S47,S50,S51,S52,S68,S118 \
    --note "Audit item 1: the declaration's coalition-wide commitments appeared nowhere, so every member read 'not disclosed' for backstop and monitoring; they go on one coalition row because no list of signatories exists to attribute them to members."

pt set COW backstop pledged --stated-on 2026-01-06 --condition ceasefire \
    --summary "In the Paris Declaration the coalition committed to 'politically and legally binding' guarantees, among them support for Ukraine should Russia attack it again; they take effect once a ceasefire is in force. Which members signed is not public." \
    --source S47,S52,S118,S135 \
    --note "Audit item 1: the declaration says the coalition will stand by Ukraine in a future attack once a ceasefire holds, so pledged with the ceasefire condition; national procedures differ by member and stay a caveat of the row."

pt set COW monitoring conditional --stated-on 2026-01-06 --condition ceasefire,us-backstop \
    --summary "The declaration foresees a ceasefire monitoring and verification mechanism led by the US, to which coalition members would contribute; the US only proposed it and did not sign the declaration." \
    --source S47,S50,S52,S118 \
    --note "Audit item 1: the coalition's part in monitoring depends on a mechanism that the US leads and had only proposed, so conditional on US backing as well as on a ceasefire."

pt set COW ground-forces pledged --stated-on 2026-01-06 --condition ceasefire \
    --summary "The declaration backs the Multinational Force Ukraine (MNF-U), to deploy after a ceasefire, away from the contact line, to reassure Ukraine on land, at sea and in the air; each nation decides what it contributes." \
    --source S47,S118,S135 \
    --note "Audit item 1: the MNF-U is a declared part of the guarantees, taking effect with a ceasefire; recorded for the coalition as a whole, the land element here and the air and sea elements in their own cells."

pt set COW air-patrol pledged --stated-on 2026-01-06 --condition ceasefire \
    --summary "Reassurance in the air is one of the tasks of the multinational force the declaration backs, after a ceasefire; no national contributions are named." \
    --source S47,S118,S135 \
    --note "Audit item 1: the reporting of the declaration gives the MNF-U an air role as well as land and sea roles."

pt set COW naval-demining pledged --stated-on 2026-01-06 --condition ceasefire \
    --summary "Reassurance at sea is one of the tasks of the multinational force the declaration backs, after a ceasefire; no national contributions are named." \
    --source S47,S118,S135 \
    --note "Audit item 1: the reporting of the declaration gives the MNF-U a maritime role as well as land and air roles."

pt set COW training pledged --stated-on 2026-01-06 --condition ceasefire \
    --summary "The multinational force the declaration backs is also to help rebuild Ukraine's armed forces once a ceasefire holds." \
    --source S47,S118 \
    --note "Audit item 1: regenerating Ukraine's forces is one of the MNF-U's declared purposes, so it is recorded as training for the coalition as a whole."

pt set COW equipment pledged --stated-on 2026-01-06 --condition ceasefire \
    --summary "Long-term support to Ukraine's armed forces is one of the guarantees the declaration lists; like the others, it is activated once a ceasefire enters into force." \
    --source S47,S52,S118 \
    --note "Audit item 1: long-term support to Ukraine's forces is a declared component of guarantees that take effect with a ceasefire, so it carries the ceasefire condition like the rest of the row."

pt set COW command pledged --stated-on 2026-01-06 --no-conditions \
    --summary "The MNF-U's multinational headquarters sits in Paris under joint UK–French leadership; a cell there is to connect the coalition with the US and Ukraine (agreed Jan 2026)." \
    --source S8,S135 \
    --note "Audit item 1: the force's headquarters and the coalition-US-Ukraine cell belong to the coalition's structure; the UK and France keep their own lead records."

# ---------------------------------------------------------------------------------------------------------------
# update 1.2: the Abu Dhabi talks event is dated 25 Jan 2026 (the day of the Vilnius remark)
# ---------------------------------------------------------------------------------------------------------------
pt edit-event E27 --date 2026-01-25 --source S81 \
    --note "Audit item 2: Zelensky spoke on Sunday 25 Jan 2026, so the event gets that day instead of the month alone."

# ---------------------------------------------------------------------------------------------------------------
# update 1.3: France and the UK are the lead nations on land and for the military hubs (Declaration of Intent)
# ---------------------------------------------------------------------------------------------------------------
pt set FR ground-forces pledged --lead --source S49 \
    --note "Audit item 3: the Declaration of Intent makes France and the UK the lead nations for the force on land and its military hubs; until now only their command records carried the lead flag."
pt set GB ground-forces pledged --lead --source S49 \
    --note "Audit item 3: the Declaration of Intent makes the UK and France the lead nations for the force on land and its military hubs; until now only their command records carried the lead flag."

# ---------------------------------------------------------------------------------------------------------------
# update 1.4: Germany's conditions cover its whole contribution
# ---------------------------------------------------------------------------------------------------------------
pt set DE monitoring pledged --condition ceasefire,us-backstop,parliament,government-decision \
    --summary "On 6 Jan 2026 Germany announced it would help monitor a ceasefire, on the terms Merz set for all German help: US participation in binding guarantees, a truce agreed with Moscow, and decisions by the cabinet and the Bundestag." \
    --source S136,S55,S56 \
    --note "Audit item 4: Merz's conditions apply to everything Germany offers, so monitoring carries US backing, parliament and a government decision, not only the ceasefire."
# The same conditions for the other post-ceasefire offers: air and sea lacked the government decision.
pt set DE air-patrol conditional --condition us-backstop,ceasefire,parliament,government-decision --source S136 \
    --note "Audit item 4, applied consistently: the federal government must decide as well as the Bundestag, for the air offer as for the rest of Germany's contribution."
pt set DE naval-demining conditional --condition us-backstop,ceasefire,parliament,government-decision --source S136 \
    --note "Audit item 4, applied consistently: the federal government must decide as well as the Bundestag, for the sea offer as for the rest of Germany's contribution."

# ---------------------------------------------------------------------------------------------------------------
# update 1.5: the US guarantee was not confirmed as signed (the sources do not say it was not signed)
# ---------------------------------------------------------------------------------------------------------------
pt set US backstop conditional \
    --summary "In Dec 2025 US officials offered an 'Article 5-like' guarantee for Ukraine, to be ratified by Congress (Zelensky spoke of 15 years, extendable). The US stayed outside the Paris Declaration, whose clause committing it to back the force was dropped, and the bilateral document reported '100% ready' in Jan 2026 (C-tier only) was not confirmed as signed. The seed article's phrase 'strategic backstop' appears in no other source." \
    --source S80,S81,S50 \
    --note "Audit item 5: the sources report no confirmed signature, not a refusal to sign; the summary now says only what they support."

# ---------------------------------------------------------------------------------------------------------------
# update 1.6: S86, the MoD's written answers on the MNF-U, with the French and British command records
# ---------------------------------------------------------------------------------------------------------------
# The article's date was not captured; a source needs one, so it is filed under 2026, the year its post number
# on the site implies (later than S160's, early 2026), and the title says so.
pt add-source --id S86 --publisher "UK Defence Journal" \
    --title "title not captured (MoD written answers: 3-star HQ in Paris, future Kyiv cell, negotiating group; date not captured, year inferred from the post number)" \
    --date 2026 --url "https://ukdefencejournal.org.uk/?p=66029" --tier B >/dev/null

pt set FR command pledged \
    --summary "France hosts the MNF-U's 3-star multinational headquarters in Paris and leads it jointly with the UK for its first year, after which it moves to London; a cell in Kyiv is to open when the force deploys, and in Jan 2026 a Paris cell was agreed to connect the coalition with the US and Ukraine. A negotiating group of the UK, France, Ukraine and contributing nations, its members unpublished, is to settle the international agreement a deployment requires." \
    --source S86 \
    --note "Audit item 6: S86 was missing from the sources; it backs the HQ structure and the negotiating group for the deployment agreement. Summary reworded in our own words."

pt set GB command pledged \
    --summary "The UK leads the MNF-U's 3-star headquarters jointly with France, first in Paris for a year and then in London, with a Kyiv cell to follow once the force deploys. UK ministers said in written answers that a negotiating group, made up of the UK, France, Ukraine and the nations contributing to the force (its membership unpublished), is to settle the international agreement a deployment requires. A 70-person HQ was reported 'up and running' in Feb 2026 (TASS quoting the UK MoD, C-tier)." \
    --source S86 \
    --note "Audit item 6: S86 was missing from the sources; it backs the HQ structure and the negotiating group for the deployment agreement. Summary reworded in our own words."

# ---------------------------------------------------------------------------------------------------------------
# update 1.7: Slovenia's and New Zealand's training is wartime support, not a post-ceasefire guarantee
# ---------------------------------------------------------------------------------------------------------------
pt edit-member SI \
    --add-caveat "Wartime support, not a post-ceasefire guarantee: Slovenia takes part in the EU's training mission for Ukrainian forces, which runs outside Ukraine." \
    --source S34,S146 \
    --note "Audit item 7: the training Slovenia gives now is kept as a caveat before its training record is removed."
pt unset SI training --source S34,S146 \
    --note "Audit item 7: the record described training during the war, not a commitment for after a ceasefire, which is what the tracker records; the fact stays as a caveat."
pt edit-member NZ \
    --add-caveat "Wartime support, not a post-ceasefire guarantee: New Zealand extended its deployment training Ukrainian troops in the UK (Apr 2025)." \
    --source S106 \
    --note "Audit item 7: the training New Zealand gives now is kept as a caveat before its training record is removed."
pt unset NZ training --source S106 \
    --note "Audit item 7: the record described training during the war, not a commitment for after a ceasefire, which is what the tracker records; the fact stays as a caveat."

# ---------------------------------------------------------------------------------------------------------------
# update 1.8: one rule: the status follows what was reported as said; the source's tier carries the doubt
# ---------------------------------------------------------------------------------------------------------------
pt set BG air-patrol pledged --source S33 \
    --note "Audit item 8: the reports say Bulgaria offered aviation infrastructure; an offer reported as made is pledged, and the TASS-only sourcing shows in the tier, not in the status."
pt set BG naval-demining pledged --source S33 \
    --note "Audit item 8: the reports say Bulgaria offered minesweepers and auxiliary ships; an offer reported as made is pledged, and the TASS-only sourcing shows in the tier, not in the status."
pt set EU training pledged --source S32 \
    --note "Audit item 8: Costa stated that the EU training mission would be enlarged; a stated plan is pledged, and the paraphrase shows in the source, not in the status."
# Norway's training offer (C only) is reported as made and stays pledged under the same rule; its summary is
# reworded (update 1.10).
pt set NO training pledged \
    --summary "Norway joins other Nordic and Baltic states in building up a Ukrainian brigade; reported only by a C-tier site." \
    --source S63 \
    --note "Audit item 8: the offer is reported as made, so pledged stays under the one rule, the C tier carrying the doubt. Summary reworded in our own words (item 10)."
# Every other record resting on C-tier sources was checked against the rule and keeps its status, because its
# status already follows the words reported: CZ ground-forces ruled-out ("will never send"), CZ equipment
# conditional (only if others pay), IE training considering (named as a possible role), LU ground-forces
# considering ("not that far"), NO ground-forces conditional (only after a credible ceasefire), and the records
# whose key claim is C only: FI air/sea considering (no role specified), SE ground-forces considering, ES
# ground-forces conditional, IT ground-forces ruled-out, PT air/sea/training/logistics/command considering.

# ---------------------------------------------------------------------------------------------------------------
# update 1.9: Denmark "in principle" is conditional (the fact sheet's own definition of the status)
# ---------------------------------------------------------------------------------------------------------------
pt set DK ground-forces conditional \
    --summary "Denmark said in Mar 2025 that it was 'in principle' ready to take part if a European presence were needed to secure a ceasefire or peace, with broad support in parliament; no concrete decision has followed." \
    --source S92,S93 \
    --note "Audit item 9: a yes in principle is conditional by definition, so the status stands against the fact sheet's label; the summary now says 'in principle' and the parliamentary backing."

# ---------------------------------------------------------------------------------------------------------------
# update 1.10: own words: texts that repeated the fact sheets nearly word for word (tests/test_own_words.py)
# ---------------------------------------------------------------------------------------------------------------
# Named in the audit: the Rutte event, Latvia's first caveat, Slovenia's stance and ground record. The same
# measure found more; each is reworded here, meaning and sources unchanged. Caveat lists are rewritten from the
# first changed caveat on, so their order stays as it was.
OWN="Item 10, own words: reworded so that no run of eight words repeats the fact sheet; meaning and sources unchanged."

pt edit-event E16 --title "Rutte sketches two-tier guarantees in Kyiv" \
    --summary "Visiting Kyiv, NATO's Secretary General spoke of guarantees in two tiers: first Ukraine's own strong army, then US and European commitments. He was describing an idea at a press conference; NATO took no decision and published no plan." \
    --source S14,S15 --note "$OWN"
pt edit-member LV --remove-caveat 1 --remove-caveat 2 --remove-caveat 3 \
    --add-caveat "Latvia would act only after a peace deal backed by guarantees, and once Europe's part is settled." \
    --add-caveat "The Saeima decides, after the cabinet and the National Security Council." \
    --add-caveat "A C-tier site relaying AFP (Apr 2025) named the Baltic states among only six members then prepared to send troops." \
    --source S91,S148 --note "$OWN"
pt edit-member SI \
    --stance "Sets two conditions for joining: a UN mandate or the agreement of the whole EU, and a ceasefire or peace deal first." \
    --source S34,S146 --note "$OWN"
pt set SI ground-forces conditional \
    --summary "Slovenia would take part only with a UN mandate or the agreement of the whole EU behind it, and not until a ceasefire or peace deal is in place." \
    --source S34,S146 --note "$OWN"
pt edit-member LT --remove-caveat 3 \
    --add-caveat "A C-tier site relaying AFP (Apr 2025) named the Baltic states among only six members then prepared to send troops." \
    --source S148 --note "$OWN"
pt edit-member EE --remove-caveat 4 \
    --add-caveat "A C-tier site relaying AFP (Apr 2025) named the Baltic states among only six members then prepared to send troops." \
    --source S148 --note "$OWN"
pt edit-member RO --remove-caveat 3 --remove-caveat 4 \
    --add-caveat "Romanian aircraft already patrol the skies over the Black Sea with allies, within NATO (PM Bolojan, Aug 2025; C-tier report)." \
    --add-caveat "Dan's account of a 24h/48h/72h response sequence (Ukraine, then European forces, then the US) is not in the published Paris Declaration and is unconfirmed." \
    --source S129 --note "$OWN"
pt edit-member CZ --remove-caveat 2 --remove-caveat 3 \
    --add-caveat "Babiš can agree to two parts of the Paris Declaration, monitoring (point 1) and lasting defence cooperation (point 5), but rejects points 2 to 4." \
    --add-caveat "Government changed in late 2025; in May 2025 the Fiala government had agreed to train Ukrainian pilots in Czechia under the coalition (wartime support)." \
    --source S68 --note "$OWN"
pt edit-member FI --remove-caveat 2 --remove-caveat 3 --remove-caveat 4 --remove-caveat 5 \
    --add-caveat "Stubb saw no role for troops in a first ceasefire, but did not exclude a later peacekeeping mission with an international mandate." \
    --add-caveat "Unclear whether the position changed: Stubb said in Sep 2025 that Finland 'will participate in one form or another' (C-tier copy of a Franceinfo headline), and Franceinfo counted Finland among the 26." \
    --add-caveat "Orpo (Nov 2025): Finland is not ready to give 'security guarantees' but can help through 'security agreements' (C-tier report)." \
    --add-caveat "Stubb says a US backstop is needed." \
    --source S100 --note "$OWN"
pt edit-member US --remove-caveat 1 --remove-caveat 2 --remove-caveat 3 --remove-caveat 4 --remove-caveat 5 \
    --remove-caveat 6 \
    --add-caveat "The Paris Declaration carries no US signature, and the draft's wording that committed the US to back the force if it were attacked was cut." \
    --add-caveat "The 'Article 5-like' guarantee would need ratification by Congress; the offer was said to be 'not on the table forever'." \
    --add-caveat "Zelensky said on 25 Jan 2026 the bilateral document was '100% ready' (C-tier only); no signature was confirmed." \
    --add-caveat "The seed article calls the US a 'strategic backstop'; that phrase was not found in any other source." \
    --add-caveat "Von der Leyen said (Aug 2025) Trump had promised an American presence 'as part of the backstop'; Zelensky said on 4 Sep 2025 he counts on the US backstop." \
    --add-caveat "Trump joined the follow-up call to the 4 Sep 2025 summit, not the summit itself; envoy Witkoff attended in person; the US role was to be settled in the following weeks." \
    --source S50 --note "$OWN"
pt edit-member NATO \
    --stance "Not part of the force; it contributes to planning, and Rutte says Russia does not get a veto over troops in Ukraine." \
    --source S14 --note "$OWN"
pt set FR monitoring pledged \
    --summary "Macron said French forces would help watch over the line between the Russian and Ukrainian armies once a ceasefire holds." \
    --source S53,S132 --note "$OWN"
pt set DE ground-forces conditional \
    --summary "Merz ruled out troops inside Ukraine 'at this stage'; after a ceasefire Germany could commit forces for Ukraine's protection on the territory of a neighbouring NATO ally, and he is 'not ruling anything out'. In Sep 2025 he had no plans and 'significant reservations'." \
    --source S55,S56 --note "$OWN"
pt set PT ground-forces conditional \
    --summary "PM Montenegro said Portugal could send forces to a peace mission once the war is over and if they are needed, adding it 'may never be necessary'." \
    --source S45,S71 --note "$OWN"
pt set HR ground-forces ruled-out \
    --summary "PM Plenković said Croatian soldiers will not join the MNF-U, not even once there is a ceasefire; President Milanović had taken the same line in Aug 2025." \
    --source S38,S66 --note "$OWN"
pt edit-event E1 \
    --summary "European leaders met at short notice in Paris. Tusk said Poland had no plans to send soldiers to Ukraine and would offer logistical and political help instead." \
    --source S126 --note "$OWN"
pt edit-event E6 \
    --summary "About 30 countries met. Macron said there was not yet agreement on a reassurance force and named three pillars: Ukraine's own strong army, a reassurance force posted in 'strategic' places away from the contact line, and the rearming of Europe; Greece ruled out troops." \
    --source S5,S108 --note "$OWN"
pt edit-event E7 \
    --summary "The UK and French defence ministers hosted their counterparts from 30 countries, with the EU and NATO; they kept the details quiet until the conditions of a ceasefire were clearer." \
    --source S6 --note "$OWN"
pt edit-event E11 \
    --summary "After a UK–France summit, leaders on a coalition call from Northwood decided the MNF-U headquarters would sit in Paris for its first year and then in London, with a cell in Kyiv once troops deploy; planning would go on so that a force could be sent within days of a ceasefire. Senators Graham and Blumenthal and US envoy Kellogg took part for the first time." \
    --source S8,S9 --note "$OWN"
pt edit-event E17 \
    --summary "In an FT interview von der Leyen said there were 'pretty precise plans' for a multinational deployment and that Trump had assured the Europeans of an American presence 'as part of the backstop'." \
    --source S16 --note "$OWN"
pt edit-event E18 \
    --summary "Macron hosted a hybrid summit of 35 participants, co-chaired by Starmer, who joined by video. Macron said 26 countries had 'formally committed' to a reassurance force or to being present on the ground, at sea or in the air after a ceasefire, but named none; after a call with Trump the US role was left for the following days or weeks." \
    --source S24,S25 --note "$OWN"
pt edit-event E21 \
    --summary "Macron, Starmer and Merz co-chaired an online meeting of the coalition's 35 countries, attended by Secretary of State Rubio. Macron announced a joint France–UK task force, 'with close involvement from Türkiye', on maritime questions and on US participation." \
    --source S39,S40 --note "$OWN"
pt edit-event E22 \
    --summary "US officials offered 'Article 5-like' guarantees for a limited period, subject to ratification by Congress and with no US ground troops. In a statement on 15 Dec European leaders called for a Ukrainian army of 800,000, a multinational force led by Europe with US support, 'including through operating inside Ukraine', ceasefire monitoring under US leadership, and a legally binding pledge to act should Russia attack Ukraine again." \
    --source S42,S43,S44 --note "$OWN"
pt edit-event E24 \
    --summary "Some 35 delegations, 27 led by a head of state or government, adopted the Paris Declaration in the presence of Gen. Grynkewich and the US envoys Witkoff and Kushner; separately the UK, France and Ukraine put their names to a Declaration of Intent for a post-ceasefire deployment. A coordination cell for the coalition, the US and Ukraine is to be housed in the coalition's Paris HQ." \
    --source S47,S49,S135 --note "$OWN"
pt edit-event E25 \
    --summary "Starmer told MPs that the Commons would vote before any UK deployment under the declaration. European Pravda reported that the final text no longer contained the clause on a US commitment." \
    --source S50,S58,S59 --note "$OWN"
pt edit-event E27 \
    --summary "US–Ukraine–Russia talks ran for two days in Abu Dhabi; on 25 Jan in Vilnius Zelensky said the US guarantees document was '100% ready' and was waiting for a signing date, after which Congress and the Rada would have to ratify it. Reported only by a C-tier source." \
    --source S81 --note "$OWN"
pt edit-event E29 \
    --summary "Healey told MPs that the Army and the RAF were getting ready to deploy once a ceasefire is agreed (reported by TASS)." \
    --source S83 --note "$OWN"

# ---------------------------------------------------------------------------------------------------------------
# update 1.11: the "26" note: Macron's condition, "no list has been found", and the sources for the troop point
# ---------------------------------------------------------------------------------------------------------------
pt edit-meta \
    --reported-note "Macron's count (4 Sep 2025) of the countries that had 'formally committed' to a reassurance force in Ukraine or to being present on the ground, at sea or in the air, 'once there is a ceasefire or peace'. He did not name them and no list has been found; the count takes in countries that would send no troops, as Italy and Poland ruled troops out that same day." \
    --reported-sources S24,S25,S34,S27,S28,S29 \
    --source S24,S27,S28,S29 \
    --note "Audit item 11: the note now gives Macron's ceasefire condition, says only that no list has been found, and cites the Italian and Polish statements behind the point about troops."

# ---------------------------------------------------------------------------------------------------------------
# update 2: the new sources, with the ids of the update
# ---------------------------------------------------------------------------------------------------------------
# Dates at the precision known: "early 2026" and "2026" are filed as 2026, "Jul 2026" as 2026-07. Headline-only
# entries are tier C whatever the outlet, because the article itself was not read.
pt add-source --id S152 --publisher "TRT World" \
    --title "title not captured (trilateral talks of 5-9 Mar postponed; Russia still demands all of Donetsk)" \
    --date 2026-03-05 --url "https://www.trtworld.com/article/3a8b7276ebd2" --tier B >/dev/null
pt add-source --id S153 --publisher "Daily Sabah" \
    --title "Ukraine postpones peace talks with Russia as Mideast war rages" \
    --date 2026-03-05 \
    --url "https://www.dailysabah.com/world/europe/ukraine-postpones-peace-talks-with-russia-as-mideast-war-rages" \
    --tier B >/dev/null
pt add-source --id S154 --publisher "Dawn (Reuters)" \
    --title "Ukraine seeks to postpone next round of trilateral talks with Russia amid Middle East events, Zelensky says" \
    --date 2026-03-05 \
    --url "https://www.dawn.com/news/1978662/ukraine-seeks-to-postpone-next-round-of-trilateral-talks-with-russia-amid-middle-east-events-zelensky-says" \
    --tier B >/dev/null
pt add-source --id S155 --publisher "Middle East Forum (advocacy think tank; single source)" \
    --title "Turkey shifts Black Sea strategy with NATO-backed mission to move against Russia" \
    --date 2026 \
    --url "https://www.meforum.org/mef-online/turkey-shifts-black-sea-strategy-with-nato-backed-mission-to-move-against-russia" \
    --tier C >/dev/null
pt add-source --id S156 --publisher "The Hague Insider" \
    --title "European troops in Ukraine: key Dutch foreign policy adviser says the Netherlands should take part after a ceasefire with Russia" \
    --date 2026-07 \
    --url "https://www.thehagueinsider.com/european-troops-in-ukraine-key-dutch-foreign-policy-adviser-says-the-netherlands-should-take-part-after-a-ceasefire-with-russia/" \
    --tier B >/dev/null
pt add-source --id S157 --publisher "TASS" \
    --title "title not captured (Dutch advisory council report on a post-ceasefire role)" \
    --date 2026-07-02 --url "https://tass.com/world/2154781" --tier C >/dev/null
pt add-source --id S158 --publisher "TASS" \
    --title "title not captured (Dutch defence minister does not exclude troops after a peace deal, \"in no hurry\")" \
    --date 2026-02-27 --url "https://tass.com/world/2093031" --tier C >/dev/null
pt add-source --id S159 --publisher "Euromaidan Press" \
    --title "title not captured (US signals readiness to put the security deal to Congress)" \
    --date 2026-02-13 \
    --url "https://euromaidanpress.com/2026/02/13/us-signals-readiness-to-ratify-ukraine-security-deal-in-congress" \
    --tier B >/dev/null
pt add-source --id S160 --publisher "UK Defence Journal" \
    --title "title not captured (Al Carns: MNF-U deploys only after a cessation of hostilities; Commons vote)" \
    --date 2026 --url "https://ukdefencejournal.org.uk/?p=65650" --tier B >/dev/null
pt add-source --id S161 --publisher "Riigikogu (Estonian parliament, verbatim record)" \
    --title "sitting of 10 Nov 2025" \
    --date 2025-11-10 --url "https://riigitode.ee/agenda/1606/?lang=en" --tier A >/dev/null
pt add-source --id S162 \
    --publisher "Kyiv Independent, headline only (article not stored; listed in a link collection)" \
    --title "Coalition of the willing kicks off first exercise for post-war Ukraine deployment" \
    --date 2026-11 \
    --url "https://kyivindependent.com/coalition-of-the-willing-kicks-off-first-exercise-for-post-war-ukraine-deployment/" \
    --tier C >/dev/null
pt add-source --id S163 --publisher "Notes from Poland, headline only (article not stored)" \
    --title "Coalition of the willing military exercises begin in Poland to prepare support for postwar Ukraine" \
    --date 2026-11-09 \
    --url "https://notesfrompoland.com/2026/11/09/coalition-of-the-willing-military-exercises-begin-in-poland-to-prepare-support-for-postwar-ukraine/" \
    --tier C >/dev/null
pt add-source --id S164 --publisher "GOV.UK, page title only (page not stored)" \
    --title "The Multinational Force Ukraine" \
    --date 2026 --url "https://www.gov.uk/guidance/the-multinational-force-ukraine" --tier C >/dev/null
pt add-source --id S165 --publisher "Euronews, headline only (article not stored)" \
    --title "Europe must stop begging for seat at Ukraine peace talks, ex-NATO chief warns" \
    --date 2026-11-10 \
    --url "https://www.euronews.com/2026/11/10/europe-must-stop-begging-for-seat-at-ukraine-peace-talks-ex-nato-chief-warns" \
    --tier C >/dev/null

# ---------------------------------------------------------------------------------------------------------------
# update 3: newer facts, March to November 2026
# ---------------------------------------------------------------------------------------------------------------

# --- 5 Mar 2026: the trilateral talks postponed (the early-March event, re-sourced from B-tier reports) ---------
pt edit-event E30 --date 2026-03-05 --title "Trilateral talks postponed; no ceasefire" \
    --summary "The round of US–Ukraine–Russia talks planned for 5 to 9 Mar was postponed because of the war with Iran, at Ukraine's request. Russia still insisted that Ukraine withdraw from the part of Donetsk it holds, and there was no ceasefire. An earlier aggregator report had described the talks as stuck over Donbas." \
    --source S152,S153,S154 \
    --note "Newer facts, 5 Mar 2026: three B-tier reports now date and carry the event; the C-tier aggregator stays cited only for the earlier account of deadlock."

# --- Türkiye: the maritime lead, from one advocacy source (C): the lead is strengthened, the status unchanged ---
pt set TR naval-demining conditional --lead --stated-on 2026-05-18 \
    --summary "Türkiye is ready 'in principle' to lead the coalition's Black Sea maritime element, and FM Fidan reported 'considerable progress' (Jan 2026, C-tier copy of Middle East Eye). A letter of 18 May 2026, reported only by an advocacy think tank (C-tier), says Türkiye 'has been tasked with planning and leading' Black Sea maritime security via a Maritime Component Command (proposed) that would stay under Turkish national command and respect the Montreux Convention. It already leads the Black Sea mine-countermeasures group with Romania and Bulgaria and hosted post-ceasefire Black Sea talks in Apr 2025." \
    --source S155 \
    --note "Newer facts, Türkiye: the May 2026 letter supports the lead flag; it comes from one C-tier source, so the record stays conditional on a ceasefire and a mission framework."
pt edit-member TR \
    --add-caveat "The May 2026 report that Türkiye was given the maritime lead rests on one advocacy source (Middle East Forum, C-tier)." \
    --source S155 \
    --note "Newer facts, Türkiye: the weakness of the May 2026 source is stated next to the claim."
# E31
pt add-event --id E31 --date 2026-05-18 --title "Reported: Türkiye to lead Black Sea maritime security" \
    --summary "A letter dated 18 May 2026, known from one advocacy think tank (C-tier), says the force's central command is taking shape in Paris and that Türkiye is to plan and lead maritime security in the Black Sea, under Turkish national command and within the Montreux Convention." \
    --source S155 >/dev/null

# --- Netherlands: the minister does not exclude troops; the advisory council urges a role; still considering ----
pt set NL ground-forces considering --stated-on 2026-07-02 \
    --condition mission-framework,us-backstop,government-decision,parliament \
    --summary "PM Schoof said the Netherlands may join a peacekeeping effort but committed to nothing; in Feb 2026 the armed forces chief said the military could do it, and the new defence minister 'does not exclude' troops after a peace deal but is 'in no hurry' (both via TASS). On 2 Jul 2026 the AIV, the council that advises the Dutch government on foreign affairs, recommended an active political and military part in a post-ceasefire mission and a guarantee force able to fight, and said parliament must approve any deployment. The government has not decided." \
    --source S158,S156,S157 \
    --note "Newer facts, Netherlands: the minister's remark and the advisory council's report are not government decisions, so the status stays considering; the council's point about parliamentary approval is now sourced and added as a condition."
pt edit-member NL --remove-caveat 1 --remove-caveat 2 --remove-caveat 3 --remove-caveat 4 \
    --stance "Undecided: the government has taken no decision; its defence minister does not rule out troops after a peace deal, and its foreign-policy advisory council urged taking part (Jul 2026)." \
    --add-caveat "In Feb 2025 PM Schoof asked for a clear mandate and for US help should an emergency arise." \
    --add-caveat "A lower-house motion (Feb 2025) urged a 'constructive position' on joining a post-war force." \
    --add-caveat "The new government sworn in on 23 Feb 2026 is to decide." \
    --add-caveat "The armed forces chief's Feb 2026 remarks are known via TASS (C-tier)." \
    --add-caveat "The defence minister's Feb 2026 remarks are also known only via TASS (C-tier)." \
    --add-caveat "The AIV's Jul 2026 report is advice to the government, not a decision; it says a deployment would need parliament's approval." \
    --source S158,S156,S157 \
    --note "Newer facts, Netherlands: the 2026 remarks and advice are added with their limits; the first caveat is also reworded in our own words (item 10)."
# E32, E33
pt add-event --id E32 --date 2026-02-27 --title "Dutch defence minister: troops possible, 'no hurry'" \
    --summary "The defence minister of the new Dutch cabinet left the door open to troops after a peace deal while signalling no rush to decide; reported only by TASS (C-tier)." \
    --source S158 >/dev/null
pt add-event --id E33 --date 2026-07-02 --title "Dutch advisory council urges a post-ceasefire role" \
    --summary "The AIV, which advises the Dutch government on foreign affairs, recommended that the Netherlands take an active political and military part in a mission after a ceasefire, with a guarantee force able to fight; it noted that parliament must approve a deployment. The government has not decided." \
    --source S156,S157 >/dev/null

# --- United States: guarantees could go to Congress; no signature or ratification found -----------------------
pt set US backstop conditional --stated-on 2026-02-13 \
    --summary "In Dec 2025 US officials offered an 'Article 5-like' guarantee for Ukraine, to be ratified by Congress (Zelensky spoke of 15 years, extendable). The US stayed outside the Paris Declaration, whose clause committing it to back the force was dropped, and the bilateral document reported '100% ready' in Jan 2026 (C-tier only) was not confirmed as signed. In Feb 2026 Kyiv said the US was ready to put binding guarantees to Congress and called the draft 'nearly complete'; nothing up to Nov 2026 shows a signature or a ratification. The seed article's phrase 'strategic backstop' appears in no other source." \
    --source S159 \
    --note "Newer facts, United States: Ukraine's foreign ministry reported the US signal in Feb 2026; nothing later shows a signature or a vote in Congress, so the status stays conditional."
pt edit-member US \
    --add-caveat "In Feb 2026 Ukraine's foreign ministry said the US was ready to send binding guarantees to Congress; nothing up to Nov 2026 shows a signature or a ratification." \
    --source S159 \
    --note "Newer facts, United States: the Feb 2026 signal and the absence of a signature since."
# E34
pt add-event --id E34 --date 2026-02-13 --title "US signals guarantees could go to Congress" \
    --summary "Kyiv's foreign ministry reported a US signal that binding guarantees could be put before Congress to ratify, and called the two countries' draft 'nearly complete'. No signature or ratification was found afterwards." \
    --source S159 >/dev/null

# --- United Kingdom: the MNF-U deploys only after hostilities cease; its tasks; a Commons vote ---------------
UKNOTE="Newer facts, United Kingdom: a defence minister confirmed that the MNF-U deploys only after hostilities cease, that its tasks are the skies, the seas and rebuilding Ukraine's forces, and that a Commons vote applies."
pt set GB ground-forces pledged \
    --summary "Starmer offered 'boots on the ground' in Mar 2025. Under the Declaration of Intent of 6 Jan 2026, once a ceasefire holds the UK and France would build 'military hubs' in Ukraine and protected sites for weapons and equipment. A defence minister later said the force 'will only deploy following a cessation in hostilities', after a Commons vote. Numbers are not disclosed; press figures such as up to 7,500 are unconfirmed." \
    --source S160 \
    --note "$UKNOTE Summary reworded in our own words (item 10)."
pt set GB air-patrol pledged \
    --summary "Starmer promised 'planes in the air' in Mar 2025; under the Declaration of Intent the UK is to help secure Ukraine's skies after a ceasefire, which the MoD names as one of the MNF-U's tasks. Healey told MPs in Feb 2026 the RAF was preparing (reported by TASS)." \
    --source S160 --note "$UKNOTE"
pt set GB naval-demining pledged \
    --summary "Under the Declaration of Intent the UK is to help make Ukraine's seas safer after a ceasefire, which the MoD names as one of the MNF-U's tasks; no specifics disclosed. In Nov 2025 a France–UK-led task force, 'with close involvement from Türkiye', on maritime matters was announced." \
    --source S160 --note "$UKNOTE"
pt set GB training pledged --condition ceasefire,parliament \
    --summary "Regenerating Ukraine's armed forces is part of the UK–France commitment, first set out by the co-chairs in Aug 2025, and one of the MNF-U's tasks; like any deployment of the force it goes to a Commons vote." \
    --source S160 \
    --note "$UKNOTE The Commons vote covers the force's training task too, so parliament is added as a condition."

# --- Estonia: the offer restated in the Riigikogu (10 Nov 2025) ------------------------------------------------
pt set EE ground-forces pledged --stated-on 2025-11-10 --quantity "up to a company-sized unit, plus staff officers" \
    --summary "Estonia's prime minister offered a company-sized combat unit plus staff officers in Apr 2025 (by ERR's reckoning a company usually has 50 to 250 troops, some 150 on average). In the Riigikogu on 10 Nov 2025 the foreign minister confirmed that Estonia stands by a ground combat unit of at most company size; a Riigikogu mandate is still needed first." \
    --source S161 \
    --note "Newer facts, Estonia: the parliament's verbatim record confirms the offer and its ceiling and the mandate requirement; status unchanged."
pt set EE training pledged --stated-on 2025-11-10 \
    --summary "Estonia offered training instructors in Apr 2025; in the Riigikogu on 10 Nov 2025 the prime minister again mentioned instructors as well as staff officers. Parliament must give a mandate first." \
    --source S161 \
    --note "Newer facts, Estonia: the prime minister's words in parliament confirm the instructors; status unchanged."
# E35
pt add-event --id E35 --date 2025-11-10 --title "Estonia restates its offer in parliament" \
    --summary "In a Riigikogu sitting the foreign minister confirmed Estonia's offer of a ground combat unit of at most company size, and the prime minister mentioned instructors and staff officers; parliament must still give a mandate before any deployment." \
    --source S161 >/dev/null

# --- November 2026, headlines only: dated as reported events; no status changes on their strength ------------
# E36, E37
pt add-event --id E36 --date 2026-11-09 --title "Reported: first coalition exercise for a post-war deployment" \
    --summary "Headlines only (articles not read): the coalition started its first military exercise to prepare a deployment in post-war Ukraine, held in Poland." \
    --source S162,S163 >/dev/null
pt add-event --id E37 --date 2026-11-10 --title "Reported: Europe still seeking a seat at the peace talks" \
    --summary "Headline only (article not read): a former NATO chief said Europe 'must stop begging' for a place at the Ukraine peace talks, so talks were still going on in November; no ceasefire was reported." \
    --source S165 >/dev/null
pt edit-member GB \
    --add-caveat "The UK government has a guidance page titled 'The Multinational Force Ukraine' (2026); only its title was captured (C-tier)." \
    --source S164 \
    --note "Newer facts, November 2026: the UK's guidance page on the force is listed by its title only; it changes no record."

# ---------------------------------------------------------------------------------------------------------------
# update 4: the as-of date is the newest fact's (Nov 2026, headline-only); the summary says what rests on headlines
# ---------------------------------------------------------------------------------------------------------------
pt edit-meta --as-of 2026-11 \
    --summary "What the Coalition of the Willing as a whole, its participating countries, the United States as partner, and the EU and NATO have said they will provide for Ukraine's security after a ceasefire, by type of contribution, with conditions and sources. The newest article read dates from Jul 2026; the Nov 2026 items (the coalition's first exercise, in Poland, the UK's guidance page on the MNF-U, and peace talks still under way) rest on headlines only. Up to late Nov 2026 no ceasefire or peace agreement had been reported, and every deployment plan still hinges on one." \
    --source S162,S163,S164,S165 \
    --note "Update section 4: the newest fact is of Nov 2026 but known from headlines only; the summary names those items so that no one reads them as checked reporting."
