"""Where the words say more than the classifier: one table of corrections.

The model reads a message as one intent; a few phrasings carry a request that a nearby
intent's training examples pull the wrong way ("I'd like to apply for a substitute
certificate so I can sub while ..." reads as a requirements question; "they sent my sub
application back" as applying). Each row names the phrases, the readings it corrects and
the request it means. Rows are checked in order; the first that matches wins. Every row
has a test (tests/unit/actions/test_turns_and_flow.py) and came from a conversation that went
wrong.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from actions.wording import for_the_model

_I = re.IGNORECASE

WANT_TO_APPLY = re.compile(
    r"\b(i'?d like|i would like|i want|i wanna|i need|let me|let's|help me|ready)\s+(to\s+)?"
    r"(apply|start (an? |my |the )?application|fill out (an? |the )?application)\b|"
    # "I intend to submit a certification application so that I may teach"
    r"\b(intend|plan|want|need|would\s+like|'d\s+like)\s+to\s+(submit|file|complete|start)\s+"
    r"(an?|my|the)\s+(\w+\s+)?(application|app)\b|"
    # "need to get my sub app done between meetings"
    r"\b(need|want|have|got)\s+to\s+(get|knock\s+out|finish|do|fill\s+out)\s+(an?|my|the)\s+"
    r"(\w+\s+)?(application|app)(\s+(done|in|out|finished))?\b|"
    # "I need to log in to apply for my teaching certificate"
    r"\b(log\s*in|sign\s*in)\s+(first\s+)?(to|and|so\s+(that\s+)?i\s+can)\s+apply\b", _I)
RETURNED = re.compile(r"\b(sent (it|them|my \w+( application| app)?) back|"
                      # "my substitute application got 'returned' whatever that means"
                      r"(was|got|been|is) [\"'‘“]?(returned|rejected|denied|sent back)|"
                      # "THEY RETURNED MY APPLICATION. AGAIN."
                      r"(they|dese|you|y'?all)\s+(returned|rejected|denied))\b", _I)
SHOWS_RETURNED = re.compile(r"\b(app|application)\s+(shows|says|is showing|status is|is|was|got)\s+"
                            r"(return(ed)?|retuned|denied|sent\s+back)\b|"
                            # "Why was it retuned" (after the status was shown)
                            r"\bwhy\b.{0,25}\b(return(ed)?|retuned|sen[dt]\s+(it\s+|this\s+|that\s+)?"
                            r"back)\b", _I)
MY_APPLICATION = re.compile(r"\bmy (\w+ )?(ap+li?ca?ti?on|app)\b", _I)
# "I want to know if my application have some problem. I send it in March and nobody tell me"
APPLICATION_TROUBLE = re.compile(
    r"\bmy\s+(\w+\s+)?(ap+li?ca?ti?on|app)\b.*\b(problem|wrong|issue|stuck|news|nothing|heard|"
    r"going\s+on|happening|update|holdup|hold\s+up)\b", _I)
# "Should I write anything on it so they know it's mine?", "Does anything need to be on them
# so they match up with me?"
ON_IT = re.compile(r"\b(write|put|include|need\s+to\s+be|have\s+to\s+be|should\s+be|must\s+be|"
                   # ("do i need to right anything on it", as dictated)
                   r"right\s+(?=anything|something|my|the|it))\b.{0,25}\b(on|with)\s+"
                   r"(it|them|the\s+\w+)\b|\banything\s+(on|with)\s+(it|them)\b|"
                   # "ssn on it?"
                   r"^\W*(my\s+)?(ssn|social|educator\s+id|name)\s+on\s+(it|them|the\s+\w+)"
                   r"\W*$", _I)
_ON_IT_READINGS = ("nlu_fallback", "check_status", "check_application_status", "faq_legal_name",
                   "create_account", "what_can_you_do", "faq_popup_blocker", "view_contact",
                   "change_personal_info", "link_ssn", "faq_ssn_already_linked", "affirm",
                   "deny", "check_education_status", "faq_email_correspondence")
PAPER_CERTIFICATE = re.compile(
    r"\b(paper (copy|one|certificate|cert)|mail (me )?(a |my |the )?(paper |hard )?"
    r"(copy|one|certificate|cert)|(wont|won'?t|not) mail)\b|"
    # "will the certificate come to my home by post, like a diploma?"
    r"\b(certificate|cert)\b.{0,30}\b(come|arrive|be\s+(sent|mailed))\b.{0,30}\b(post|mail|home|"
    r"house)\b", _I)
HAVE_MY_TRANSCRIPT = re.compile(
    r"\b(do (you|u|y'?all) have|did (you|u|y'?all|dese) (get|receive)|have (you|u) "
    r"(got|gotten|received)|did (it|they) (arrive|get there|come in)|(?<!get\s)(?<!be\s)lost)\b"
    r".*\btranscripts?\b|"
    # (not "i dont want them to get lost")
    r"\btranscripts?\b.*\b(arrive|arrived|received|get there|come in|(?<!get\s)(?<!be\s)lost|"
    r"showing|show up|shows up|posted|on file|in my (education )?records?)\b|"
    # "... to send my transcript back in March ... Can you tell me if you folks ever got it?"
    r"\btranscripts?\b.*\b(if|whether)\s+(you|y'?all|you\s+(folks|guys|all)|dese|the\s+state)\s+"
    r"(ever\s+)?(got|get|received|have)\s+(it|them)\b", _I)
CONTINUE_APPLICATION = re.compile(
    r"\b(continue|finish|resume|keep going (on|with)|pick up|get back to|go on with)\s+"
    r"(with\s+)?(my|the|that)\s+([\w-]+\s+){0,2}(ap+li?ca?tion|app|draft)\b|"
    # "I started the substitute application ... I'd like to pick up where I stopped"
    r"\b(ap+li?ca?tion|app)\b.{0,200}\b(pick\s+(it\s+)?up|continue|resume|finish\s+it)\s+"
    r"(where|from\s+where)\s+i\s+(left\s+off|stopped|was)\b|"
    # "I'm back about my substitute teaching application that I saved partway through. I'd
    # like to keep going with it"
    r"\b(ap+li?ca?tion|app)\b.{0,200}\b(keep\s+going|continue|go\s+on|carry\s+on)\s+"
    r"(with\s+it|on\s+it)\b", _I)
CHANGE_CONTACT = re.compile(r"\b(change|update|fix|new)\s+(my\s+)?(e-?mail|phone|cell|"
                            r"mailing address|address)\b|"
                            # "wants the email on her certification profile changed"
                            r"\b(e-?mail|phone(\s+number)?|mailing\s+address|address)\s+(on|in)\s+"
                            r"(my|her|his|the|their)\s+([\w-]+\s+){0,2}(profile|account|record)\s+"
                            r"(changed|updated|fixed)\b", _I)
EXPIRY = re.compile(r"\b(when (does|will) (it|my \w+) (actually |really |exactly )?"
                    r"(run out|expire|end)|"
                    r"(when|what) is (the|its|my) (expiration|expiry)|expiration date|"
                    # "can you tell me when it actually expires"
                    r"when (it|mine|my \w+) (actually |really |exactly )?(expires|runs out|"
                    r"ends))\b", _I)
WHICH_APPLICATION = re.compile(r"\b(which|what) (kind of |type of )?(application|app|"
                               r"certificate|cert)\b.*\b(need|should|apply|fill|get|do)\b|"
                               r"\b(which|what)\s+(application|app|one|certificate)\s+(i|do\s+i|"
                               r"should\s+i)\s+(use|pick|choose)\b|"
                               r"\b(which|what)\s+(application|app|one|certificate)\s+(is|would\s+be|"
                               r"will\s+be)\s+(right\s+|best\s+)?for\s+me\b|"
                               r"\b(right|correct)\s+(one|application|app)\s+for\s+me\b|"
                               r"\bdifferent\s+(one|application)\s+for\b", _I)
START_NAMED = re.compile(r"\b(start|begin|open)\b.*\b(one|application|app)\b|"
                         r"\b(do|continue)\s+(the|that|this)\s+.*\b(one|application|app)\b", _I)
TO_MY_PROFILE = re.compile(r"\b(how|where)\b.*\b(go|get|reach|find|access|open)\b.*\b(my\s+)?"
                           r"(profile|record|certification system)\b", _I)
MY_MEMO = re.compile(r"\b(my|the) memo\b|\bmemo says\b", _I)
COPY_OF_CERTIFICATE = re.compile(r"\b(copy|print|download|pdf)\b.*\b(my )?(certificate|cert)\b|"
                                 r"\b(certificate|cert)\b.*\b(copy|print|download|pdf)\b", _I)
LONG_AWAY = re.compile(r"\b(not|n'?t|never|did not)\s+(log(ged)?\s*in|sign(ed)?\s*in|"
                       r"used?|been on)\b.*\b(years?|months|long time|while)\b|"
                       r"\bsince (more than )?(a|one|two|\d+) years?\b", _I)
WHATS_MISSING = re.compile(
    r"\bwhat(?:'s)?\s+(exactly\s+)?(is\s+|are\s+|do\s+|does\s+)?(exactly\s+)?"
    r"(they|it|dese|you)\s+(still\s+)?"
    r"(asking for|want(ing)?|need(ing)?|missing)\b|\bwhat'?s\s+holding\s+(it|things|me)\s+up\b|"
    r"\bwhat\s+(is|are)\s+(still\s+)?missing\b|"
    # "What's missing, and where is my background check?", "whats the holdup"
    r"\bwhat'?s\s+(still\s+)?missing\b|\bwhat'?s\s+the\s+(hold\s*up|delay)\b|"
    # "whats it say is missing"
    r"\bwhat('?s|\s+does)\s+it\s+say\s+(is\s+|was\s+)?(missing|wrong)\b", _I)
THAT_NUMBER = re.compile(r"\b(that|this|the)\s+(number|id)\b.*\b(for|mean|use|used)\b|"
                         r"\b(use|used)\s+(that|this)\s+(number|id)\b", _I)
SEND_MY_USERNAME = re.compile(r"\b(send|email|give|tell)\s+me\s+(my|the|that)\s+(old\s+)?"
                              r"(username|user name|login)\b", _I)
MOVE_MY_RECORD = re.compile(r"\b(move|transfer|switch|merge)\s+(my\s+)?(record|records|"
                            r"profile|accounts|usernames)\b", _I)
PICK_IT_UP = re.compile(r"\b(pick\s+(it|this|that)\s+back\s+up|finish\s+what\s+i\s+started|"
                        r"pick\s+up\s+where\s+(i|we|she|he)\s+left\s+off|"
                        # ("started a sub application as a backup. did it go through?": no)
                        r"started\s+(a|an|my)\s+\w+\s+(app|application)\b.*\b(finish|continue|"
                        r"pick|resume|back)\b)", _I)
PRINT_IT = re.compile(r"\bprint\s+(it|this|that|my\s+cert\w*|a\s+copy)\b", _I)
AND_FINGERPRINTS = re.compile(
    r"^\s*(and|what about|how about|also)\s+(my\s+|the\s+)?(fingerprints?|background"
    r"( check)?)\b|\b(did|have|has)\s+(my\s+)?(fingerprints?|background( check)?)\s+"
    r"(clear|cleared|come back|came back|gone through|go through)", _I)
CONTACT_VALUE = re.compile(
    # (not "a bachelors from 1978 so way more than 36 hours")
    r"\b\d{3}[-. ]\d{3}[-. ]\d{4}\b|\b\d+\s+(?!(so|no|any|one|that|this|the|a|more|much|"
    r"years?|hours?|weeks?|days?)\s)(\w+\s+){0,3}(st|street|ave|avenue|rd|road|"
    r"blvd|boulevard|dr|drive|ln|lane|ct|court|way|pl|place|hwy|highway)\b", _I)
DID_IT_GO_THROUGH = re.compile(
    r"\b(did|has)\s+(it|my\s+\w+(\s+(application|app))?)\s+((actually|ever|really|finally)\s+)?"
    r"(go|gone|get|gotten)\s+"
    r"(through|in|submitted|sent)\b|\bwas\s+(it|my\s+\w+\s+(application|app))\s+"
    r"(submitted|sent|received)\b", _I)
NOTICE_WHEN_CLEARED = re.compile(
    r"\b(e-?mail|notice|notif\w*|letter|tell|let me know|hear)\b.*\b(clears?|cleared|"
    r"clearance|results?|fingerprints?|background)\b", _I)
# "And the recommendation part, is that something I have to do myself?"
WHO_RECOMMENDS = re.compile(
    r"\brecommend\w*\b.*\b(myself|on me|do i|i do|i have to|i need to|who|the school|the "
    r"university|the college|the institution|my\s+(program|college|university|school))\b|"
    r"\b(who|do i|i have to)\b.*\brecommend\w*|"
    # "does my college have to send u guys something? like a recommendation?"
    r"\b(college|university|school|program|institution)\b.{0,40}\b(send|submit|do)\b.{0,40}"
    r"\brecommend\w*", _I)
# "can i just email u a pic of it", "Can I just fax it?", "I can send the PDF by email?"
SEND_A_COPY = re.compile(
    r"\b(e-?mail|fax|upload|text|scan)\s+(it|them|a|the|my|in|over)\b|"
    r"\b(e-?mail|fax|text)\s+(you|u|y'?all)\s+(a|the|my|it|them|pdf|pic|copy|scan|picture|"
    r"photo)\b|"
    r"\b(send|e-?mail)\b.*\b(pdf|pic|picture|photo|scan|copy)\b|"
    r"\b(pdf|pic|picture|photo|scan|copy)\b.*\bby\s+(e-?mail|fax)\b", _I)
# "i have like 40 hrs from mizzou where do i send it"
WHERE_TO_SEND = re.compile(r"\bwhere\s+(exactly\s+)?(do|should|can|would|will|am|are|is)\s+"
                           # "Where exactly should I have them mail it", "where should the
                           # registrar mail it"
                           r"(i|we|she|he|they|the\s+\w+)\s+(even\s+|actually\s+|exactly\s+|"
                           r"just\s+)?(have\s+(them|it|her|him)\s+)?"
                           r"(sup+osed\s+to\s+|meant\s+to\s+)?(send|mail|ship|take|post)\b|"
                           # "kindly tell the postal address for sending my original degree
                           # certificates and mark sheets"
                           r"\b(postal|mailing|post)\s+address\s+(for|to)\s+(send|mail|post)\w*\b|"
                           # "to what address must my university send its transcripts?"
                           r"\b(what|which)\s+address\s+(must|should|do|does|will|can|would)\s+"
                           r".{0,40}\b(send|mail|post)\b", _I)
# "got fingerprinted like 3 wks ago still says pending", "I had my fingerprints done a couple
# of weeks ago. Did that go through?"
FINGERPRINTS_BACK = re.compile(
    r"\bfingerprint\w*\b.*(\b(still|says|shows)\s+(says\s+)?pending\b|\b(did|has|have)\s+"
    r"(that|it|they|those)\s+(go|gone|come|came|clear\w*|finish\w*)\b|\bno\s+clearance\b)", _I)
# "cert runs out in 2030. when am I supposed to send the upgrade"
WHEN_TO_UPGRADE = re.compile(r"\b(when|how\s+early|how\s+soon)\b.*\b(upgrade|renew\w*)\b|"
                             r"\b(upgrade|renew\w*)\b.*\b(when|how\s+early|how\s+soon)\b", _I)
# "my initial professional certificate expires next month ... do i need to send something
# now or is it already too late??": the upgrade's timing
EXPIRES_WHAT_NOW = re.compile(
    r"\b(cert\w*|ipc)\b.{0,30}\bexpir\w*\b.{0,80}\b(too\s+late|send\s+(something|anything)|"
    r"what\s+(do|should)\s+i\s+do|do\s+i\s+(need|have)\s+to\s+(do|send|apply))\b", _I)
# "ngl i think i made an account in college too... so what do i do now" (after "already
# linked to another username"): finding the other username
MADE_ONE_BEFORE = re.compile(
    r"\b(i\s+think|maybe|probably|guess|might\s+have|must\s+have|may\s+have)\s+(i\s+)?"
    r"(made|created|had|set\s+up|registered|opened)\b.{0,40}\b(account|acct|username|profile|"
    r"one)\b", _I)
_WHAT_DO_I_DO = re.compile(r"\bwhat\s+(do|should|can)\s+i\s+do\b|\b(now|so)\s+what\b|"
                           r"\bwhat\s+now\b", _I)
# "hi, signing in"
SIGNING_IN = re.compile(r"^\W*((hi|hello|hey|ok(ay)?)\W+)?(i'?m\s+)?(signing|logging)\s+"
                        r"(in|on)\W*$", _I)
# "can i even be a substitute without a degree??", "i never went to college ... sub"
SUB_WITHOUT_A_DEGREE = re.compile(
    r"\b(sub|substitute)\b.{0,80}\b(without|no)\s+(a\s+)?(college\s+)?(degree|college)\b|"
    r"\b(without|no)\s+(a\s+)?(college\s+)?(degree|college)\b.{0,80}\b(sub|substitute)\b|"
    # "do i need college for sub or no"
    r"\b(need|require\w*|have\s+to\s+have)\s+(a\s+)?(college|degree)\b.{0,20}\b(sub|substitute|"
    r"subbing)\b", _I)
# "whats open on my account": the applications under way
OPEN_ON_MY_ACCOUNT = re.compile(r"\bwhat'?s\s+(open|pending|going\s+on|in\s+progress)\s+"
                                r"(on|in|with)\s+my\s+(account|profile)\b|\bwhat\s+do\s+i\s+have\s+(open|pending|"
                                r"in\s+progress)\b", _I)
# "if i go back to classroom does admin cert stay active": what the certificate is (its
# description says when it is inactive)
STAYS_ACTIVE = re.compile(r"\b(stay|remain|still\s+be|go|become)\s+(active|inactive|valid)\b", _I)
# "does subbing count toward the 4 yrs for upgrading my cert", "and then what, do I just
# renew it?" (after the certificate): the upgrade, with what counts toward it
SUB_TIME_COUNTS = re.compile(
    r"\b(sub|subs|subbing|sub\s+days|substitut\w*)\b.{0,60}\bcount\w*\b|"
    r"\bcount\w*\b.{0,40}\b(upgrad\w*|career\s+(continuous|cert\w*)|ccpc|\d\s*(yrs|years))\b|"
    r"\bdo\s+i\s+(just\s+)?renew\b|\brenew\s+(it|my\s+cert\w*|the\s+cert\w*)\b", _I)
# "My name on profile, family name and given name order is wrong. Can you change it?"
# (a misspelling is left to the name form, which explains the paper form when the name is
# already on file)
NAME_IS_WRONG = re.compile(
    r"\bname\b.*\b(changed?\s+it|married|maiden|divorce\w*)\b|"
    # (the order wrong; not "In English order, first name is Hyejin")
    r"\bname\b.*\border\b.*\b(wrong|backwards|reversed|switched|mixed)\b|"
    r"\b(wrong|backwards|reversed|switched|mixed)\b.*\border\b|"
    r"\b(married|divorce\w*|maiden)\b.*\bname\b|"
    # "my middle name is misspelled on my profile", "And the name? Can you fix that too"
    r"\bname\b.{0,40}\b(misspel\w*|spelled\s+wrong|wrong|typo|incorrect|fix|correct)\b|"
    r"\b(fix|correct|misspel\w*)\b.{0,30}\bname\b|"
    # "My surname appears on my profile with a hyphen it does not possess. How may I have it
    # corrected?", "how do I get the name on all of this switched to Hale"
    r"\b(surname|last\s+name|family\s+name)\b.{0,80}\b(corrected|hyphen|apostrophe|accent)\b|"
    r"\bname\b.{0,40}\b(switched|changed)\s+(to|back)\b|"
    # "my middle initial is wrong too"; "everybody calls me Bud, can you put Bud on it instead"
    r"\b(middle|first|last)\s+initial\b.{0,20}\b(wrong|incorrect|off|misspel\w*)\b|"
    r"\b(nick\s*name|go(es)?\s+by|calls?\s+me)\b.{0,60}\binstead\b", _I)
# "my fingerprints were done like 2 yrs ago for subbing are they still good"
FINGERPRINTS_STILL_GOOD = re.compile(
    r"\b(fingerprint\w*|prints|background\s+check)\b.*\b(still\s+(good|valid|ok|okay|count|"
    r"work)|expire[sd]?|carry\s+over|count)\b", _I)
# "ok and my background check is that still showing as good or do i need to get fingerprinted
# again": what their own record shows
MY_CHECK_STILL_SHOWING = re.compile(
    r"\bmy\s+(background(\s+check)?|fingerprints?|prints|clearance)\b.*\bstill\s+"
    r"(showing|shows|show|listed|says|saying|good\s+on\s+(there|my\s+profile))\b", _I)
# "I've never had one of these accounts. Where do I even begin?", "I don't have account in
# your system"
NO_ACCOUNT_YET = re.compile(
    r"\b(never\s+(had|made|created)|don'?t\s+have|do\s+not\s+have|dont\s+have)\s+(an?\s+|any\s+|"
    r"one\s+of\s+these\s+)?(account|acct|accounts|login|username)\b", _I)
# "Yes, please help me make one", "please create it" (asking for a new account, not telling
# of one: "i set up my account a while back")
CREATE_WORDS = re.compile(
    r"\b(want|like|need|can\s+you|could\s+you|please|help\s+me|let'?s|wanna|going\s+to|gotta|"
    r"got\s+to|have\s+to|must)\b"
    r".{0,20}\b(create|make|open|register|set\s+up|sign\s+up)\b.{0,30}\b(it|one|account|acct|"
    r"username)\b|\b(make|create|open)\s+(me\s+)?(a\s+|an\s+)?(new|fresh|second|another)\s+(one|"
    r"account|acct|username)\b|"
    # "they said i gotta get a account on your system first"
    r"\b(gotta|got\s+to|have\s+to|need\s+to|must|supposed\s+to)\s+(get|have)\s+(a|an)\s+"
    r"(new\s+)?(account|acct)\b|"
    # "how do i even start with this, i dont have nothing set up on here"
    r"\b(don'?t|dont|do\s+not)\s+have\s+(nothing|anything|an?\s+account)\s+(set\s+up|made|"
    r"yet)\b|"
    # "I want the username to be newuser7"
    r"\b(want|like|choose|pick|prefer)\b.{0,15}\b(user\s*name)\s+(to\s+be|be|as|of|:|=)", _I)
# "cannot remember the password for the life of me"
FORGOT_PASSWORD = re.compile(
    r"\b(forgot|forget|forgotten|can'?t\s+remember|cannot\s+remember|don'?t\s+remember|lost|"
    r"reset)\b.{0,30}\b(pass(\s*word|wd)?|pas+word|pw|pwd)\b|"
    # "my password don't work anymore"
    r"\b(pass\s*word|pas+word|pw)\s+(doesn'?t|don'?t|does\s+not|won'?t|isn'?t|is\s+not|not)\s+"
    r"(work\w*|accepted)\b|"
    # "it keeps telling me my password is wrong"
    r"\b(says?|saying|tells?|telling)\s+(me\s+)?(that\s+)?(my\s+)?(pass\s*word|pw)\s+(is|was)\s+"
    r"(wrong|incorrect|invalid|bad)\b|"
    # "I found my old username ..., but the password is long gone"
    r"\b(pass\s*word|pw)\s+(is|was|'s)\s+(long\s+|totally\s+|completely\s+)?(gone|lost|"
    r"forgotten)\b", _I)
PERSON = re.compile(
    r"\b(talk|speak|chat)(ing)?\s+(to|with)\s+(a|an|some)?\s*(actual|real|live)?\s*"
    r"(person|human|someone|somebody|agent|representative|staff( member)?|people)\b|"
    # "can u just get someone to fix it pls"
    r"\b(get|have|need|want)\s+(a\s+)?(real\s+)?(someone|somebody|person|human|staff\s+member)\s+"
    r"((to\s+)?(fix|help|look|check|sort|call|contact)|on\s+(this|it))\b|"
    # "can I get a real person at DESE to sort this out"
    r"\b(get|have|need|want)\s+(a|an|some)\s+(real|actual|live)\s+(person|human|staff\s+member)\b|"
    # "Can we get a person at the certification office to sort this out?"
    r"\b(get|have|need|want)\s+(a|an|some)\s+(person|human|staff\s+member)\b.{0,40}\bto\s+"
    r"(sort|fix|help|look|check|call)\b|"
    # "Would it be possible to have a member of your staff look into this"
    r"\b(get|have|need|want|ask)\s+(a|one|some)\s+(member|members|one)\s+of\s+(your|the)\s+staff\b|"
    # "Can you get me to a person to sort this out?", "Then get me a person", "connect me
    # with someone at the help desk"
    r"\b(get|put|connect|transfer|pass)\s+(me|us|her|him)\s+(on\s+)?(to|with|through\s+to)?\s*"
    r"(a|an|some|the)?\s*"
    r"(real|actual|live)?\s*(person|human|someone|somebody|agent|representative|"
    r"staff(\s+member)?|help\s*desk)\b",
    _I)

# "can somebody there look into it for her", "can someone just call me": a person asked for,
# whatever else the message is about
SOMEONE_TO_HELP = re.compile(
    r"\b(can|could|would|will)\s+(some\s*one|some\s*body|a\s+(real\s+)?person|a\s+human|"
    r"(a\s+)?staff(\s+member)?|you\s+guys|y'?all)\s+(there\s+|from\s+\w+\s+|at\s+\w+\s+|"
    r"on\s+your\s+end\s+)?(please\s+)?(just\s+)?(fix|look\s+(into|at)|check\s+on|call|"
    r"sort\s+out|handle|contact|reach\s+out)\b|\b(someone|somebody|you)\s+(just\s+)?call\s+me\b|"
    # "could a real person help me sort this out?"
    # (not "can someone help me reset my password", which asks the assistant)
    r"\b(can|could|would|will)\s+(a\s+(real\s+|live\s+|actual\s+)?person|a\s+(real\s+)?human|"
    r"(a\s+)?staff(\s+member)?)\s+(please\s+)?(just\s+)?help\s+(me|us|her|him)\b|"
    # "Is there someone in your office who can help sort this out for her?"
    r"\b(is\s+there|do\s+you\s+have)\s+(some\s*one|some\s*body|any\s*one|any\s*body|"
    r"a\s+(real\s+|live\s+|actual\s+)?person|a\s+(real\s+)?human|staff)\b.{0,40}"
    r"\b(help|sort|fix|talk|call|look)\b|"
    # "Is there a real person I could talk to about sorting this out?"
    r"\b(person|human|some\s*one|some\s*body|staff(\s+member)?)\s+(i|we)\s+(can|could|may|might)\s+"
    r"(talk|speak)\s+(to|with)\b", _I)
# "Could you tell me that number one more time, I didn't have a pen"
REPEAT = re.compile(r"\b(repeat\s+(that|it|this|the)|say\s+(that|it)\s+again|one\s+more\s+time|"
                    r"(tell|give)\s+me\s+(that|it)\s+again|what\s+was\s+(that|it)\s+again|"
                    r"didn'?t\s+(catch|get)\s+(that|it)|come\s+again|"
                    r"(what|when|which)\s+(\w+\s+)?did\s+you\s+(just\s+)?say)\b", _I)
# "can i just make a 2nd one later w a diff email", "could I have another account for
# school": asking whether a second account is allowed
SECOND_ACCOUNT = re.compile(
    r"\b(can|could|may|(is\s+it\s+)?(ok(ay)?|acceptable|fine|alright)\s+(to|if)|should|"
    r"shouldn'?t|allowed\s+to)\b.{0,25}\b(make|create|"
    r"have|open|get|use|do)\s+(a\s+|an\s+)?(2nd|second|another|other|extra|separate|"
    r"different|one\s+more)\s+(one|account|acct|username|user\s*name|login)\b|"
    # "i sub for 2 districts can i make one username for each of them"
    r"\b(one|a|an|separate)\s+(user\s*name|account|acct|login)\s+(for\s+each|per)\b|"
    r"\b(user\s*names|accounts)\s+for\s+(each|both|every)\b|"
    # "do I need one username for the school nurse side and another one for teaching?"
    r"\b(one|a)\s+(user\s*name|account|acct|login)\s+for\b.{0,60}\b(another|a\s+second|"
    r"a\s+diff(erent)?|a\s+separate)\s+(one|user\s*name|account)?\s*for\b|"
    r"\b(two|2|separate|different|multiple)\s+(user\s*names|accounts|logins)\b|"
    # "having more than one username causes problems??"
    r"\bmore\s+than\s+one\s+(user\s*name|account|acct|login)\b|"
    # "I MADE this one because i forgot the other one. so what now, make a third??"
    r"\b(make|create|open)\s+(a\s+)?(third|3rd)\b|"
    # "Why not? What's the harm in having a second one?"
    r"\b(harm|wrong|problem|bad|issue)\b.{0,20}\b(having|making|creating|opening)\s+(a\s+|an\s+)?"
    r"(2nd|second|another|extra|new)\s+(one|account|acct|username)\b|"
    # "cant get into my account ... should i just make a new one"
    r"\b(should|shouldn'?t|(is\s+it\s+)?ok(ay)?\s+(to|if))\s+(i\s+|we\s+|she\s+|he\s+)?(just\s+)?"
    r"(make|create|open|get|start)\s+(a\s+)?(brand\s+)?(new|fresh)\s+(one|account|acct|user\s*name|"
    r"login)\b|"
    # "would it be best if I simply created another brand-new account", "can i jsut make a new
    # acount??"
    r"\b(best|better|easier|easiest|simplest|quickest|faster|ok(ay)?|fine|can|could|should)\b.{0,25}"
    r"\b(simply|just|jsut)\s+"
    r"(make|made|create|created|open|opened|start|started)\s+(a\s+|an\s+)?(another\s+|new\s+|"
    r"second\s+|fresh\s+)+(brand[\s-]+new\s+)?(one|account|acct|acount|user\s*name|login)\b|"
    r"\b(best|better|easier|faster)\b.{0,25}\b(make|made|create|created|open|opened|start|started)\s+"
    r"(a\s+|an\s+)?(another|second)\s+(brand[\s-]+new\s+)?(one|account|acct|acount|user\s*name|"
    r"login)\b|"
    # "will I require a separate username later for a Career Education certificate"
    r"\b(will|would|do|does)\s+(i|we|she|he)\s+(need|require|have\s+to\s+(make|create|have|get))\s+"
    r"(a\s+|an\s+)?(2nd|second|another|separate|different|new|one\s+more)\s+(one|account|acct|"
    r"user\s*name|login)\b|"
    # "Can I make one more account with my school email also?"
    r"\b(can|could|may|should)\s+(i|we|she|he)\s+(make|create|have|open|get)\s+one\s+more\s+"
    r"(account|acct|user\s*name|login)\b|"
    # "do i need a seperate one for each certificate or just the one"
    r"\b(separate|seperate|different|new|another)\s+one\s+for\s+(each|every)\b|"
    # "can i make 2?" (where a username is asked)
    r"\b(can|could|may)\s+(i|we)\s+(make|create|have|open|get)\s+(2|two|another|more)\s*"
    r"(\?|$|(of\s+(them|those)|ones?)\b)|"
    # "what if i forget the password later on, do i just make me a new account then"
    r"\b(do|should)\s+i\s+(just\s+)?(make|create|open|get|start)\s+(me\s+)?(a\s+)?(brand\s+)?"
    r"new\s+(one|account|acct|user\s*name|login)\b|"
    # "a colleague warned me never to create a second username ... Is that accurate"
    r"\b(never|not|don'?t)\s+(to\s+)?(create|make|open|have)\s+(a\s+)?(second|2nd|another)\s+"
    r"(one|account|acct|user\s*name|login)\b|"
    # "y si mejor hago una cuenta nueva?"
    r"\b(hago|hacer|crear|creo|abro|abrir|otra)\s+(una\s+)?(cuenta\s+nueva|nueva\s+cuenta|"
    r"otra\s+cuenta|cuenta)\b.*\?", _I)
# "So I just check my email for the reset link?!", "will it be in my inbox?"
CHECK_MY_EMAIL = re.compile(
    r"\b(check|look\s+(in|at)|watch|wait\s+for)\s+(my\s+)?(e-?mail|inbox)\b.{0,40}\?|"
    r"\b(in|to)\s+my\s+(e-?mail|inbox)\b.{0,30}\?|"
    # "how long does the email take to come. i dont see it yet"
    r"\bhow\s+long\s+(does|will|do|should)\s+(the|that|this|your|it)\s*(e-?mail|link|code|reset)?"
    r"\s*(take|to\s+(come|arrive|get\s+here))\b.{0,40}\b(e-?mail|inbox|see\s+it|come|arrive)|"
    r"\bhow\s+long\s+(does|will|do|should)\s+(the|that|this|your)\s+(e-?mail|link|code)\b", _I)
# "sorry is that it? did it work", "am I done?": what was just said answers it
DID_IT_WORK = re.compile(
    r"^\W*(?:(?:ok(?:ay)?|so|sorry|um+|uh+|wait|and)[\s,.!]+)*(?:is\s+that\s+it|did\s+(?:it|that)"
    r"\s+work|am\s+i\s+done|(?:is|was)\s+(?:it|that)\s+(?:done|saved|successful|ok))\b[^.!?]{0,30}"
    r"[.!?]*(?:\s*(?:did\s+(?:it|that)\s+work|is\s+that\s+it|am\s+i\s+done)\W*)?$", _I)
# "Proceed with creating my account.", "our new hire needs a acount ... she doesnt have one
# yet": making an account, not linking or signing in to one
CREATING_AN_ACCOUNT = re.compile(
    r"\b(creat(e|ing)|mak(e|ing)|open(ing)?|set(ting)?\s+up|register(ing)?|establish(ing)?)\s+"
    r"(a\s+|an\s+|my\s+|"
    r"the\s+|her\s+|his\s+)?(new\s+)?(a?c+ount|acct|username|login)\b|"
    r"\bneeds?\s+(a|an)\s+(new\s+)?a?c+ount\b|"
    # "i need make inscription in the system", "register on your site"
    r"\b(make|do|need|want)\s+(an?\s+|my\s+)?(inscription|registration|enrol+ment)\b|"
    r"\b(register|sign\s+up|enrol+)\s+(in|on|for|with)\s+(the|your|this)\s+(system|site|portal|"
    r"website)\b", _I)
# "so i have to get my college to send it? ... can i just upload a pdf of it": sending a
# transcript, not adding a college
COLLEGE_SENDS_IT = re.compile(
    r"\b(college|university|school)\b.{0,25}\b(send|mail)s?\b|\b(upload|e-?mail|fax)\b.{0,20}"
    r"\b(pdf|copy|scan|transcripts?)\b", _I)
# "I want to apply to be a substitute teacher. my acount is already hooked up to my records":
# linking is done; applying is the request
ALREADY_LINKED = re.compile(r"\b(already|is|was|been)\s+(hooked\s+up|linked|connected|tied|"
                            r"attached)\b", _I)
# "is it active n when does it expire?" (the certificate)
CERTIFICATE_DATES = re.compile(
    r"\bwhen\s+(does|will|do)\s+(it|mine|my\s+cert\w*|my\s+license|that)\s+(expire|run\s+out|"
    r"end)|\bis\s+(it|mine|my\s+cert\w*|my\s+license)\s+(still\s+)?(active|valid|current)\b|"
    # "Which certificate I have and when it finish?"
    r"\bwhich\s+(certificate|cert)\s+(i|do\s+i)\s+have\b|"
    r"\bwhen\s+(it|my\s+cert\w*|my\s+license)\s+(finish|finishes|ends?|expires?)\b", _I)
# "Checking on my application AGAIN."
CHECKING_ON = re.compile(r"\b(check(ing)?\s+(on|in\s+on|up\s+on)|status\s+of|update\s+on)\s+"
                         r"(my|the|her|his)\s+(\w+\s+)?(ap+li?ca?ti?on|app)\b", _I)
# "Lincoln told me they mailed it weeks ago. Where exactly is it supposed to be going?"
WHERE_DOES_IT_GO = re.compile(
    r"\bwhere\s+(exactly\s+)?(is|does|should|do|did)\s+(it|they|that|this|the\s+\w+)\s+"
    r"(supposed\s+to\s+)?(be\s+)?(go|going|goes|gone|sent|mailed|get\s+sent)\b|"
    # "¿a qué dirección lo mando?", "¿dónde lo envío?"
    r"\b(qu[eé]|cu[aá]l)\s+direcci[oó]n\b.{0,20}\b(mand\w*|env[ií]\w*)\b|"
    r"\bd[oó]nde\s+(lo|la|los|las)\s+(mand\w*|env[ií]\w*)\b", _I)
# "the district lady said i have to link it to my ssn or somethin can you do that for me"
LINK_IT = re.compile(r"\b(link|connect|hook)\w*\s+(it|my\s+a?c+ount|this)?\s*(up\s+)?(to|with)"
                     r"\s+(my\s+)?(ssn|social|record|records|educator\s+record)\b|"
                     # "the instructions say I need to connect my Social Security number to it"
                     r"\b(link|connect|hook)\w*\s+(up\s+)?(my\s+)?(ssn|social(\s+security)?)(\s+number)?\s+"
                     r"(up\s+)?(to|with)\s+(it|my\s+a?c+ount|this|the\s+a?c+ount|my\s+user\s*name)\b|"
                     # "I need my profile linked so I can submit"
                     r"\b(need|want|have\s+to|get)\s+(my\s+)?(profile|a?c+ount|acct|record)\s+"
                     r"(linked|connected|hooked\s+up)\b|"
                     # "I think I must to connect it?"
                     r"\b(must|need|have)\s+(to\s+)?(link|connect)\s+(it|them|my\s+a?c+ount)\b|"
                     # "my district said i have to link my account to my sun certificate stuff"
                     r"\b(link|connect|hook)\w*\s+my\s+a?c+ount\s+(up\s+)?(to|with)\s+my\b|"
                     # "i need to sign in and hook up my ssn to my account"
                     r"\b(link|connect|hook)\w*\s+(up\s+)?my\s+(ssn|social(\s+security)?"
                     r"(\s+number)?)\s+(up\s+)?(to|with)\b|"
                     # "I need to get my online account tied back to my teaching record"
                     r"\b(a?c+ount|acct|profile)\s+(linked|connected|hooked\s+up|tied|tie)\s+(back\s+)?"
                     r"(up\s+)?(to|with)\s+(my|her|his|the)\s+([\w-]+\s+)?(records?|ssn)\b",
                     _I)
# "do i need to make a whole new account now or what?" (after a move)
NEED_A_NEW_ACCOUNT = re.compile(
    r"\b(do|would|will|should)\s+i\s+(need|have)\s+to\s+(make|create|open|get|set\s+up)\s+(a\s+)?"
    r"(whole\s+|brand\s+|completely\s+)?new\s+(one|account|acct|login|username|profile)\b", _I)
# "let me sign in first", "I'll log in now"
SIGN_ME_IN = re.compile(r"\b(let\s+me|let'?s|i'?ll|i\s+will|i\s+(want|need|wish)\s+to|can\s+i|"
                        r"i'?m\s+going\s+to|i'?d\s+like\s+to|i\s+would\s+like\s+to)\s+"
                        r"(just\s+)?(sign|log)\s*(me\s+)?(in|on)\b", _I)
# "did my praxis score post yet, district says they cant see it" (signed in: the score)
SCORE_POSTED = re.compile(r"\b(did|has|have)\s+(my|her|his)\s+(praxis\s+|test\s+|assessment\s+)?"
                          r"(scores?|results?)\s+(post|show\s+up|come\s+(in|through)|get\s+there)",
                          _I)
# "do i mail the transcript or can i just email a scan of it to somebody": how to send it
EMAIL_A_SCAN = re.compile(r"\b(e-?mail|fax|send|text)\s+(you\s+|them\s+)?(a\s+|the\s+)?(scan|"
                          r"scanned|copy|pdf|photo|picture)\b|\bscan\s+of\s+(it|my|the)\b", _I)
# "Signing in to file my Administrator application."
SIGNING_IN_TO_APPLY = re.compile(r"^\W*(signing|logging)\s+(in|on)\s+(to|so\s+i\s+can)\s+(file|"
                                 r"submit|start|do|finish|fill\s+out|complete)\b.{0,40}\b"
                                 r"(application|app)\b", _I)
# "Could you outline the requirements and clarify the district's role in the application?"
REQUIREMENTS = re.compile(r"\b(requirements?|eligib\w*|what\s+(else\s+)?(is|are)\s+"
                          r"(needed|required)|what\s+(does\s+it|do\s+you|do\s+they)\s+"
                          r"(take|require))\b", _I)
# "Need Praxis score and cert exp date for district HR by 1600.": their own, asked for
NEED_MY_SCORES = re.compile(r"^\W*(i\s+)?(need|want|show\s+me|give\s+me)\s+(my\s+)?"
                            r"(praxis|test|assessment)(\s+scores?)?\b", _I)
NEED_MY_CERTIFICATE = re.compile(r"^\W*(i\s+)?(need|want|show\s+me|give\s+me)\s+(my\s+)?"
                                 r"(cert|certificate)\s+(exp\w*|dates?|area)\b", _I)
# "How do I see FP results? Do I get an email?": where fingerprint results show
SEE_FINGERPRINT_RESULTS = re.compile(
    r"\bhow\s+(do|can|will|would)\s+i\s+(see|find|check|get|know)\b.{0,30}\b(fp|fingerprint\w*|"
    r"background)\b.{0,20}\b(results?|status|clear\w*)\b|"
    # "The fingerprints, how do I do them, and the result where can I see?"
    r"\b(fp|fingerprint\w*)\b.{0,60}\bresults?\b.{0,10}\bwhere\b|"
    r"\b(fp|fingerprint\w*)\b.{0,60}\bwhere\b.{0,20}\bsee\b.{0,20}\bresults?\b", _I)
# "What is that?", "what's a TAC?": what a thing is
WHAT_IS_THAT = re.compile(r"\bwhat\s+(is|'s|are)\s+(that|this|it|those|an?\s+[\w-]+|the\s+[\w-]+)"
                          r"(\s+(thing|one|application|app|certificate|cert))?\s*(\?|\band\b|$)",
                          _I)
# "whats the address", "What address should it have gone to?": the office's, not theirs
THE_ADDRESS = re.compile(
    r"\b(what'?s|what\s+is|give\s+me|send\s+me|need)\s+(the|your|ur|dese'?s?|that)\s+"
    r"(mailing\s+)?address\b|\bwhat\s+(mailing\s+)?address\b|\baddress\s+(again|to\s+(send|mail))\b",
    _I)
# "after they receive the transcript, how many time for finish?": the processing time
_HOW_LONG = r"\bhow\s+(long|many\s+(time|days|weeks)|much\s+time|soon)\b"
_ONCE_RECEIVED = (r"\b(after|once|when)\b.{0,40}\b(receiv\w*|gets?|got|arriv\w*|ha(ve|s)\s+"
                  r"(it|everything|them)|(are|is)\s+in)\b")
HOW_LONG_AFTER = re.compile(_ONCE_RECEIVED + r".{0,40}" + _HOW_LONG + "|" + _HOW_LONG
                            + r".{0,50}" + _ONCE_RECEIVED, _I)
# "wat do i need for it i have like 40 college hrs", "how many credit hrs do u need to sub":
# the hours a certificate needs
COLLEGE_HOURS = re.compile(
    r"\b\d+\s*(?:college\s+|semester\s+|credit\s+)*(?:hours|hrs|credits?)\b|"
    r"\bhow\s+many\s+(?:college\s+|semester\s+|credit\s+)*(?:hours|hrs|credits?)\b", _I)
# "I have written my username down, however": the username is not what was lost
HAVE_MY_USERNAME = re.compile(
    r"\bi\s+(have|know|remember|still\s+have|wrote|have\s+written|kept)\s+(down\s+)?(my|the)\s+"
    r"user\s*name\b|\bmy\s+user\s*name\s+(is\s+)?(written\s+down|saved)\b", _I)
# "my UCM coursework isnt showing under Education on my profile ... can i add it myself":
# a college to add
COLLEGE_NOT_LISTED = re.compile(
    r"\b(not|isn'?t|isnt|aren'?t|arent|never)\s+(showing|listed|there|on\s+(there|it|my|her|his))"
    r"\b|\bmissing\s+from\b|\bnot\s+on\s+(my|her|his|the)\s+(list|records?)\b", _I)
# "can HR just look this stuff up themselves", "Can my principal see my certificate himself?"
DISTRICT_SEES = re.compile(
    r"\b(hr|district|principal|new\s+school|employer|superintendent)\b[^.?!]{0,30}\b(look\s+(it|this|that|"
    r"them|\w+\s+\w+)\s+up|see|view|check|access|pull\s+up)\b", _I)
# "What document I need send?", "what paperwork do I have to mail": the application's checklist
WHAT_DOCUMENTS = re.compile(r"\bwhat\s+(other\s+)?(documents?|papers?|paperwork)\b.{0,25}"
                            r"\b(need|send|mail|submit|include)|"
                            # "for the substitute certificate what do i need to send in"
                            r"\b(cert\w*|application|app)\b.{0,15}\bwhat\s+(do|does)\s+(i|she|he|we)"
                            r"\s+(need\s+to|have\s+to)\s+(send|submit|mail)", _I)
# "And did you get her college papers from the University of Missouri": a look at the
# records, not a college to add
GOT_FROM_COLLEGE = re.compile(
    r"\b(did|have)\s+(you|u|y'?all|dese|they)\s+(get|got|gotten|receive\w*)\b.{0,40}\bfrom\s+"
    r"(the\s+)?(\w+\s+){0,3}(university|college)\b|"
    # "DO YOU GUYS EVEN HAVE MY MIZZOU TRANSCRIPT OR DO I HAVE TO SEND IT AGAIN"
    r"\b(do|did|have)\s+(you|u|you\s+guys|y'?all|they|dese)\s+(even\s+)?(have|get|got|gotten|"
    r"receive\w*)\s+(my|her|his)\s+(\w+\s+){0,2}transcripts?\b", _I)
# "my college says they can just email my transcript. that works right": emailed ones are
# not accepted (the Clearinghouse's are)
EMAILED_TRANSCRIPT = re.compile(
    r"\b(e-?mail|fax|scan|pdf|screenshot|upload)\w*\b.{0,30}\btranscripts?\b|"
    r"\btranscripts?\b.{0,30}\b(by\s+e-?mail|e-?mailed|electronically|as\s+a\s+pdf|faxed|scanned)\b",
    _I)
# "why does it matter so much which email is on my profile?"
WHY_THE_EMAIL = re.compile(r"\bwhy\b.{0,40}\be-?mail\b|\b(does|would)\s+it\s+matter\b.{0,30}"
                           r"\be-?mail\b", _I)
# "will all my letters from the certification office go to the new address now": everything
# comes by email
LETTERS_TO_ADDRESS = re.compile(
    r"^\W*(will|would|do|does|is|are|am|can)\b.{0,60}\b(letters?|mail|correspondence|notices?|"
    r"paperwork)\b.{0,50}\b(new|old|my|this)\s+(home\s+|mailing\s+)?address\b", _I)
# "what kinda certificates are there", "what types of certificates can I get": the kinds, not
# one's own certificate
WHAT_KINDS = re.compile(r"\b(what|which)\s+(kinds?\s+of|types?\s+of|sorts?\s+of|kinda|sorta)\s+"
                        r"(teaching\s+)?"
                        r"(certificates?|certs?|certifications?|licen[sc]es?|applications?)\s+"
                        r"(are\s+there|exist|is\s+there|do\s+you|can\s+(i|you|one|someone)|"
                        r"does|are\s+available|are\s+offered)\b|"
                        # "Certificate kinds, what?"
                        r"\b(certificate|cert)\s+(kinds|types)\b", _I)
# "is that going to reduce my Social Security or the pension": benefits, not the number
SOCIAL_SECURITY_BENEFITS = re.compile(
    r"\bsocial\s+security\s+(benefits?|checks?|payments?|income|retirement|pension|office|"
    r"administration)\b|\b(reduce|affect|lower|cut|hurt|change)\w*\s+(my\s+)?social\s+security\b|"
    r"\b(pension|retirement\s+benefits?|401k)\b", _I)
# "if they deny me do I get the fee back?!": the fees (not refundable)
FEE_BACK = re.compile(r"\b(fee|money|\$\d+)\s+back\b|\brefund\w*\b|"
                      r"\bget\s+(it|that)\s+back\b.{0,30}\b(deny|denied|reject|turn\w*\s+down)|\b(deny|denied|reject\w*|turn\w*\s+"
                      r"(me\s+)?down)\b.{0,40}\bget\s+(it|the\s+\w+|my\s+\w+)\s+back\b", _I)
# "wheres my IPC app at": where the application stands
WHERES_MY_APP = re.compile(r"\bwhere'?s\s+(my|her|his|the)\s+(\w+\s+)?(app|application)\b|"
                           r"\bwhere\s+(is|are)\s+(my|her|his)\s+(\w+\s+)?(app|application)s?\s+"
                           r"(at|now|in\s+the\s+process)\b", _I)
# "I do not want to create a second account": said not to make one
NOT_CREATING = re.compile(r"\b(do\s+not|don'?t|dont|never)\s+(want|wish|intend|need|mean)\s+to\s+"
                          r"(create|make|open|set\s+up)\b", _I)
# "I would like to check its status, the certification area, and the expiration date"
CHECK_MY_CERTIFICATE = re.compile(
    r"\b(would\s+like|want|need|'d\s+like)\s+to\s+(check|confirm|see|verify)\s+(its|my|the)\s+"
    r"(status|certificate|cert|details|expiration)\b.{0,80}\b(certificate|cert|expiration|"
    r"expire\w*|certification\s+area)\b|\b(check|confirm|verify)\s+(the\s+details\s+of\s+)?"
    r"my\s+(missouri\s+)?(certificate|cert)\b|"
    # "My new district's HR needs proof of my Missouri certificate. Can you confirm its
    # status?", "I'm fairly sure my certificate lapsed while I was out. Can you actually check"
    r"\b(certificate|cert|license)\b.{0,80}\b(can|could|would|will)\s+you\s+(please\s+|actually\s+|"
    r"just\s+)?(confirm|check|verify|look\s+(it\s+)?up)\b|"
    r"\b(can|could|would|will)\s+you\s+(please\s+|actually\s+|just\s+)?(confirm|check|verify)\s+"
    r"(its|the|my|her|his)\s+(certificate\s+|cert\s+)?status\b|"
    r"\b(certificate|cert|license)\s+(lapsed|expired|ran\s+out)\b.{0,60}\b(check|look)\b", _I)
# "...or maybe my principal did it for me? I'd like to check my application status please."
CHECK_MY_APPLICATION = re.compile(
    r"\b(would\s+like|want|need|'d\s+like)\s+to\s+(check|see|know|look\s+at|view)\s+(on\s+)?"
    r"my\s+(ap+li?ca?ti?on|app)(\s+status)?\b", _I)
# "should I use my school email or my personal one?": one that is checked (all mail comes
# there); not which one an account already has ("my old email or my new one")
WHICH_EMAIL_TO_USE = re.compile(
    r"\b(school|work|personal|home|district|gmail|private)\s+(e-?mail|one|address)\b.{0,40}"
    r"\bor\s+(my\s+|a\s+|the\s+)?(school|work|personal|home|district|gmail|private)\b|"
    # "wait should i use my college email?? it's getting shut off after graduation"
    r"\b(should|can|could|do|may)\s+(i|we|she|he)\s+(use|give|put)\s+(my|her|his|a|the)\s+"
    r"(school|college|university|student|work|personal|home|district|gmail|yahoo|private)\s+"
    r"(e-?mail|address)\b", _I)
# "Is my certificate 'good to go'?", "is my cert still active"
MY_CERTIFICATE_GOOD = re.compile(
    r"\b(is|are)\s+my\s+(\w+\s+)?(certificate|cert|license)s?\b.{0,20}\b(good(\s+to\s+go)?|valid|"
    r"ok(ay)?|active|current|still\s+(good|valid|active)|expired?)\b", _I)
# "how do i check if my fingerprints cleared once i get them done": where the result shows
HOW_TO_CHECK_FINGERPRINTS = re.compile(
    r"\bhow\s+(do|can|will|would)\s+i\s+(check|know|see|find\s+out|tell)\b.{0,30}"
    r"\b(fingerprints?|prints|background(\s+check)?)\b", _I)
# "Once I'm in, where will I find the student services application?": the portal's "New
# Applications" menu (not where an application's status is)
WHERE_IS_THE_APPLICATION = re.compile(
    r"\bwhere\b.{0,40}\b(find|locate|get\s+to|see|access|start|is)\b.{0,40}\b(the|an?)\s+"
    r"(\w+\s+){0,3}(application|app)\b(?!\s+status)", _I)
# "Please, why my application is not finish yet?" (read as finishing it)
WHY_NOT_DONE = re.compile(
    r"\bwhy\b.{0,30}\b(ap+li?ca?ti?on|app)\b.{0,20}\b(is\s+)?(not|isn'?t|still\s+not|hasn'?t\s+been)\s+"
    r"(finish\w*|done|complete\w*|approved|ready|processed|issued)\b", _I)
# "what does draft mean exactly, it wont get sent in by itself?": the statuses explained
DRAFT_MEANS = re.compile(r"\bwhat\s+(does|do|is)\s+(a\s+|the\s+)?[\"']?draft[\"']?(\s+status)?"
                         r"(\s+mean)?\b|\bdraft\b.{0,20}\bmeans?\b|"
                         r"\b(sent|submitted|go)\s+(in\s+)?(by|on)\s+(itself|its\s+own)\b", _I)
# "ok first can you tell me whats on my education records" (read as the scores)
MY_EDUCATION_RECORDS = re.compile(
    r"\b(what'?s|whats|what\s+is|what\s+are|show|see|check|look\s+at|view)\b.{0,30}"
    r"\bmy\s+education(al)?\s+(records?|history)\b", _I)
# "How long is the check good for?": the fingerprint clearance's 12 months
CHECK_GOOD_FOR = re.compile(r"\bhow\s+long\s+(is|are|does|do|will)\s+(the|my|a|that|this|her|"
                            r"his)\s+(background\s+)?(check|clearance|fingerprints?|prints)\s+"
                            r"(good|valid|last|stay|remain)", _I)
# "What will I need in order to upgrade to the Career Continuous certificate?", "what do I
# have to do to get to the career certificate": what the upgrade needs
TO_THE_CAREER_CERTIFICATE = re.compile(
    r"\b(what|how)\b.{0,40}\b(need|have\s+to\s+do|required?|requirements?|list)\b.{0,40}"
    r"\b(upgrade|career\s+(continuous|cert\w*)|ccpc)\b|\b(career\s+(continuous|cert\w*)|ccpc)\b"
    r".{0,30}\bwhat'?s\s+the\s+list\b", _I)
# "forgot my username can i just make a new acct": the one they have is found, not a second
FORGOT_USERNAME = re.compile(
    r"\b(forgot|forget|forgotten|can'?t\s+remember|cannot\s+remember|don'?t\s+remember|"
    r"not\s+remember|lost)\b.{0,30}\b(user\s*name|login)\b", _I)


def says_forgotten(text: str) -> bool:
    """The words say a password or a username was forgotten."""
    return bool(FORGOT_PASSWORD.search(text) or FORGOT_USERNAME.search(text))


A_NEW_ACCOUNT = re.compile(r"\b(new|another|second|2nd|different)\s+(one|a?c+ount|acct|username|"
                           r"login)\b|\bmake\s+(one|an?\s+a?c+ount|an?\s+acct)\b", _I)
# "My daughter helped me set up an account last night", "made my login last week": one they
# have (to sign in to, or to link), not one to create
ACCOUNT_MADE = re.compile(
    r"\bhelped\s+me\s+(create|make|set\s*up|open)\b|"
    r"\b(created|made|set\s*up|opened|registered)\s+(an?\s+|my\s+|the\s+)?(a?c+ount|acct|"
    r"username|login|profile)\b.{0,20}\b(last|ago|yesterday|already|before|earlier)\b|"
    r"\b(already|i)\s+(have|had|made|created)\s+(an?\s+|my\s+)?(a?c+ount|acct|username)\b", _I)
# The same, said of oneself in more ways ("I made an account, but when I tried to connect my
# record", "I create account yesterday", "she got a username"): the router drops an account to
# create beside it (ACCOUNT_MADE, narrower, corrects the model's reading of the message)
HAS_AN_ACCOUNT = re.compile(
    r"\b(i|we|she|he)\s+(already\s+)?(made|created|set\s+up|opened|have|had|got|registered)\s+"
    r"(an?\s+|my\s+|the\s+)?(new\s+)?(account|acct|username|user\s*name|profile)\b|"
    r"\b(i|we|she|he)\s+(make|create)\s+(an?\s+|my\s+)?(account|acct|username)\b.{0,20}"
    r"\b(yesterday|already|before|ago|last\s+\w+)\b", _I)
ABOUT_LINKING = re.compile(r"\b(link\w*|connect\w*|hook\w*|ssn|social|record|records)\b", _I)
# "how long till I can start subbing?", "how long before I can start teaching"
HOW_LONG_TILL = re.compile(r"\bhow\s+long\s+(till|til|until|before)\s+(i|we|she|he|they)\s+"
                           r"(can|could|get\s+to|am\s+able\s+to)\s+(start|begin|teach|sub\w*|work)",
                           _I)
# Certification areas as people name them (for "add early childhood")
CERTIFICATION_AREAS = (
    r"early\s+childhood|middle\s+(school|level|grades?)|ela|english(\s+language\s+arts)?|"
    r"math(ematics)?|science|biology|chemistry|physics|earth\s+science|social\s+studies|history|"
    r"special\s+ed(ucation)?|sped|esol?|ell|reading(\s+specialist)?|art|music|health|"
    r"physical\s+education|p\.?e\.?|spanish|german|french|business(\s+education)?|"
    r"agriculture|family\s+and\s+consumer\s+sciences?|gifted(\s+education)?|"
    r"speech(\s+and\s+theat(er|re))?|library\s+media|journalism|theat(er|re)|drama|"
    r"computer\s+science|technology|elementary(\s+education)?|secondary|counsel\w*|"
    r"cross[\s-]categorical|mild[\s/]+moderate")
# "now I need to add early childhood special ed onto it" (a certificate held): another area
ADD_AN_AREA = re.compile(
    r"\badd\w*\b.{0,50}\b(onto|on\s+to)\s+(it|my\s+(cert\w*|license))\b|"
    # "she'll eventually want to add middle school ELA to her certificate"
    r"\badd\s+(\w+\s+){1,4}?(to|onto)\s+(my|her|his|their|the|this)\s+(\w+\s+)?(cert\w*|license)\b|"
    r"\badd\s+(an?\s+)?(new\s+)?(subject|area|endorsement|certification\s+area)\b|"
    # "Which application must I use to have German additionally on my certificate?"
    r"\b(additionally|also|too|as\s+well)\s+on\s+(my|her|his|the)\s+(cert\w*|license)\b", _I)
# "I'm certified in Elementary 1-6 and I'd love to add Early Childhood too", "once it's all
# approved can I add early childhood right away?": an area named, beside a certificate held
# (not "I want to add Mathematics 9-12. Which application I use?", which may be the first)
ADD_A_NAMED_AREA = re.compile(r"\badd\s+(an?\s+|my\s+)?(" + CERTIFICATION_AREAS + r")\b|"
                              # "i already have my elementary cert. the ART add on got returned"
                              r"\badd[\s-]?on\b", _I)
HOLDS_A_CERTIFICATE = re.compile(r"\b(certified|certificate|cert|license|approved)\b", _I)
# "why does the state need this, and does anybody actually verify it?" (the conduct answers)
# (not "Can you check it": a look at a status)
VERIFY_ANSWERS = re.compile(r"\b(verif\w*|check(ed)?\s+(them|my\s+answers?)|look\s+into\s+"
                            r"(it|them|my\s+answers?))\b|\bwhy\s+does\s+the\s+state\s+need\b|"
                            # "Will they actually look into what I write on here?"
                            r"\b(look\s+into|check(\s+on)?|investigate|read)\s+(what|everything|"
                            r"anything)\s+i\s+(write|wrote|put|say|said|answer\w*)\b", _I)
# "Is a PDF from the registrar good enough or does it have to be paper?"
PDF_OR_PAPER = re.compile(r"\b(pdf|scan(ned)?|electronic(ally)?|photocop\w*|unofficial|"
                          r"screenshot)\b.{0,60}\b(ok(ay)?|good\s+enough|enough|accepted|acceptable|"
                          r"work|paper|fine|count)\b", _I)
# "My son might have made me one a few years ago. How do I find out what that one was?"
FIND_THE_OTHER_USERNAME = re.compile(
    r"\b(find|figure)\s+out\s+(what|which)\s+(that|the\s+other|my\s+other|my\s+old|the\s+old|"
    r"the\s+first)\s*(one|user\s*name|account|login)?\s+(was|is)\b|"
    r"\bwhat\s+(that|the\s+other|my\s+other|my\s+old|the\s+old)\s+(one|user\s*name|account|"
    r"login)\s+(was|is)\b|"
    # "ok how do I get the old username then"
    r"\b(get|find|recover|retrieve)\s+(back\s+)?(the|my|that)\s+(old|other|first|original)\s+"
    r"(one|user\s*name|account|login)\b", _I)
# "before I submit - after this where do I track status?"
TRACK_THE_STATUS = re.compile(
    r"\bwhere\s+(do|can|will|would|should)\s+i\s+(go\s+to\s+)?(track|check|see|follow|find|"
    r"look\s+up|watch)\s+(the\s+|my\s+|its\s+|it'?s\s+|on\s+)?(status|progress)\b|"
    r"\bhow\s+(do|can|will)\s+i\s+(track|follow)\s+(the\s+|my\s+|its\s+)?(status|progress)\b", _I)
# "quiero ver mis scores del Praxis, pasé o no?" (read as the missing-scores answer)
SEE_MY_SCORES = re.compile(
    r"\b(see|check|view|show|look\s+at|know)\s+(me\s+)?(my|her|his)\s+(praxis\s+|test\s+|"
    r"assessment\s+|exam\s+)?(scores?|results?)\b|\bdid\s+(i|she|he)\s+pass\b|"
    # "Can I sign in and see if my score showed up?"
    r"\b(see|check|find\s+out)\s+(if|whether)\s+(my|her|his)\s+(praxis\s+|test\s+)?scores?\s+"
    r"(showed|shows|has\s+shown|is|came|posted)\b|"
    r"\b(ver|revisar|checar)\s+mis\s+(scores?|resultados|puntajes)\b", _I)
# "She goes by Katie but her name is Katherine. Which one should be on her profile?"
WHICH_NAME = re.compile(r"\b(go(es)?\s+by|nick\s*name|called)\b.*\b(which|what)\s+(one|name)\b|"
                        r"\bwhich\s+(one|name)\s+(should|do|does|goes|to\s+use|on|for)\b", _I)
# "cant get into my certification account", "I'm locked out": which of the two was lost is
# not said
CANT_GET_IN = re.compile(r"\b(can'?t|cannot|cant|unable\s+to|couldn'?t|not\s+able\s+to|"
                         r"won'?t\s+let\s+me)\s+(get|log|sign)\s*(in|into|on)\b|\blocked\s+out\b",
                         _I)
# "do i have to get printed again for every district i sub at"
FINGERPRINTS_PER_DISTRICT = re.compile(
    r"\b(fingerprint\w*|printed|prints|background\s+checks?)\b.*\b(every|each|different|multiple|"
    r"several|separate|all\s+the|3|three|two|2)\s+(district|school)s?\b", _I)
# "I applied for my teaching certificate this spring and I can't figure out how to see what
# is happening with it."
APPLIED_AND_WAITING = re.compile(
    r"\b(i|she|he|we)\s+(applied|submitted|sent\s+(it|my\s+\w+|in\s+my\s+\w+))\b.{0,100}\b(what\s+is|"
    r"what'?s)\s+(happening|going\s+on)\b", _I)
# "which colleges do you have for me?"
COLLEGES_ON_FILE = re.compile(
    r"\b(which|what)\s+(colleges?|schools?|universit\w+|transcripts?)\s+(do\s+(you|y'?all)|does\s+"
    r"(dese|the\s+state)|are|is)\s+((even|really|actually)\s+)?(have|got|on\s+file|listed|showing|"
    r"there)\b", _I)
# "I already have an account. Can you sign me in?"
SIGN_ME_IN_PLEASE = re.compile(r"\b(can|could|would|will)\s+you\s+(please\s+)?(sign|log)\s+me\s+"
                               r"(in|on)\b", _I)
# "ok the next step in the guide is the social security number and date of birth part. can we
# do that"
SSN_STEP = re.compile(
    r"\b(ssn|social\s+security(\s+number)?)\b.{0,40}\b(date\s+of\s+birth|dob|birth\s*day)\b.{0,40}"
    r"\b(part|step|do\s+(that|it|this))\b", _I)
ANY: tuple[str, ...] = ()  # a row that corrects whatever the model read
# "need to check on my fingerprints and transcripts, district keeps bugging me": a look at
# their own records (the first one named; the others listed with it are looked at too)
CHECK_ON_MY = re.compile(r"^(?!.*\bhow\s+(do|can|would|should)\s+(i|we)\b)"
                         # ("can the district just look up my fingerprint thing themselves":
                         # what a district sees)
                         r"(?!.*\b(district|school|principal|hr|employer)s?\s+(\w+\s+){0,2}(look|check)\b).*"
                         r"\b(check|look)\s+(on|up|into|at)\s+(my|the\s+status\s+of\s+my)\s+", _I)
_CHECK_ON_READINGS = ("faq_fingerprinting", "faq_mail_transcripts", "faq_missing_test_scores",
                      "nlu_fallback", "faq_district_access", "faq_processing_time")
# "I also attended the University of Nebraska at Kearney ... Could you please add it to my
# records?", "Kindly add the same": a college to add, not a look at the records
ADD_IT_TO_THE_RECORDS = re.compile(r"\b(add|put|include|list)\s+(it|this|that|the\s+same|them|"
                                   r"this\s+one|that\s+one|one\s+(more\s+)?(college|school|"
                                   r"university))\b", _I)
# "do I have to put down something from a long long time ago? it was 1998" (a Professional
# Conduct question: answer truthfully)
FROM_LONG_AGO = re.compile(
    r"\b(do|should|must|would|will)\s+(i|we|she|he)\s+(still\s+)?(have\s+to\s+|need\s+to\s+)?"
    r"(put\s+down|put|list|report|include|mention|disclose|count|answer\s+yes|say\s+yes)\b.{0,60}"
    r"\b(long\s+(long\s+)?(time\s+)?ago|years?\s+ago|(19|20)\d\d|expunged|sealed|juvenile|"
    r"dismissed|as\s+a\s+(kid|teen\w*|minor))", _I)
# "need to log in and knock out my sub application": signing in to apply (the model read
# "out" as signing out)
LOG_IN_TO_APPLY = re.compile(
    r"\b(log|sign)\s*(me\s+)?in\b.{0,30}\b(knock\s+out|do|fill\s+(out|in)|finish|start|complete|"
    r"submit|work\s+on)\s+(my|the|a|an)\s+([\w-]+\s+){0,2}(application|app)\b", _I)
# a sign-out read from words that never say it
SIGN_OUT_WORDS = re.compile(r"\b(sign|log|lo\s+g|logg?ed|signed)\s*(me\s+)?(out|off)\b|"
                            r"\b(logout|signout|quit|exit|bye)\b|"
                            # "close my session please", "Kindly terminate my login session."
                            r"\b(close|end|terminate)\s+(my\s+|the\s+|this\s+)?(log\s*in\s+|chat\s+)?"
                            r"(session|log\s*in)\b|\bget\s+me\s+out\s+of\s+(my|the|this)\s+account\b|"
                            r"\b(not|don'?t)\s+(want\s+to\s+)?be\s+logged\s+in\b|"
                            r"\bdisconnect\s+my\s+account\b", _I)
SIGN_IN_WORDS = re.compile(r"\b(sign|log)\s*(me\s+)?(in|on)\b|\blogin\b", _I)
# "What is my Educator ID? Human Resources is asking for it." (not a person to talk to)
WHAT_IS_MY_EDUCATOR_ID = re.compile(
    r"\b(what('?s|\s+is)|where('?s|\s+is)|find|need|get|give\s+me|tell\s+me|look\s+up)\b.{0,20}"
    r"\bmy\s+educator\s*id\b", _I)
_STATUS_QUESTIONS = ("faq_processing_time", "faq_application_statuses", "apply",
                     "nlu_fallback", "faq_email_correspondence")
# The readings of "where do I send it" (a transcript, when the message names one, else the
# documents): each pair of rows shares them
_WHERE_TO_SEND_READINGS = ("create_account", "nlu_fallback", "view_contact", "edit_contact",
                           "faq_login_page", "faq_inactive_account", "faq_processing_time",
                           "change_personal_info", "add_college", "faq_application_statuses",
                           "faq_email_correspondence", "check_education_status")
_WHERE_IT_GOES_READINGS = ("nlu_fallback", "what_can_you_do", "view_contact",
                           "faq_processing_time", "faq_application_statuses")
_SMALL_TALK = ("nlu_fallback", "bot_challenge", "what_can_you_do", "out_of_scope", "deny")


@dataclass(frozen=True)
class Correction:
    phrases: re.Pattern[str]
    readings: tuple[str, ...]
    means: str
    unless: re.Pattern[str] | None = None
    also: re.Pattern[str] | None = None  # a second pattern that must match too


# "ok and do i gotta mail anything for it": the documents to mail
MAIL_ANYTHING = re.compile(
    r"\b(do|does|should|will)\s+(i|we|she|he)\s+(gotta|have\s+to|need\s+to|got\s+to|hafta|need)\s+"
    r"(mail|send|post)\s+(in\s+)?(them\s+|you\s+)?(anything|something|stuff)\b|"
    # "Thank you very much. I need to send something by mail?"
    r"\b(i|we|she|he)\s+(need|needs|have|has|gotta)\s+(to\s+)?(send|mail)\s+(something|anything|"
    r"stuff)\b[^.!]{0,20}\?", _I)
# "So what do I need to put in the mail, and to which address?", "What I need to mail now?"
WHAT_TO_MAIL = re.compile(r"\bwhat\s+(do\s+|does\s+)?(i|we|she|he)\s+(need|needs|have|has|gotta|"
                          r"got)\s+(to\s+)?(mail|send\s+in|put\s+in\s+the\s+mail)\b", _I)
# "Clearinghouse ok?" (transcripts sent electronically)
CLEARINGHOUSE = re.compile(r"\bclearing\s*house\b", _I)
# "My university need to do something also?" (the institution's recommendation)
SCHOOL_MUST_DO = re.compile(r"\b(university|college|school|institution|program)\b.{0,20}\b(need|"
                            r"needs|have|has)\s+to\s+(do|send)\s+(something|anything)\b", _I)
# "who exactly is the Student Services certificate for?": what that application is
WHO_IS_IT_FOR = re.compile(r"\bwho\s+(exactly\s+)?(is|are)\s+(the\s+|an?\s+)?[\w\s'-]{3,40}?\s+"
                           r"(certificates?|applications?|certs?)\s+for\b", _I)
# "fingerprints done yet?": where they stand, not how to get them
FINGERPRINTS_DONE = re.compile(
    r"^\W*(?:(?:are|is|did|have)\s+)?(?:my\s+)?(?:fingerprints?|prints|background\s+check)\s+"
    r"(?:been\s+)?(?:done|clear(?:ed)?|back|through|thru|finished|complete[d]?|processed|in|"
    # "Bg check good to go?"
    r"good(?:\s+to\s+go)?|ok(?:ay)?|all\s+good|approved)"
    r"(?:\s+yet)?\W*$", _I)
# A person at the school able to see it (what districts see)
SHE_CAN_SEE_IT = re.compile(
    r"\b(she|he|they|hr|district|principal|school)\s+(should|will|would|can|could)\s+(be\s+able\s+"
    r"to\s+)?(see|view|access|look\s+at)\s+(that|it|this|those|them|my)\b", _I)
# "and what about the fingerprint/background check part, is that done??": where they stand
FINGERPRINTS_DONE_ASKED = re.compile(
    r"\b(fingerprint\w*|prints|background(\s+check)?)\b.{0,40}\b(is|are|was|were|has|have)\s+"
    r"(that|it|they|those|them|these)\s+(been\s+)?(done|finished|complete[d]?|clear(ed)?|through|"
    r"thru|back|processed|approved)\b", _I)
# "Is the Lincoln University transcript there or not": whether it arrived, not where it goes
TRANSCRIPT_THERE = re.compile(
    r"\b(is|did|has|have)\s+(the\s+|my\s+)?([\w.']+\s+){0,4}transcripts?\s+(there|in|arrived|"
    r"c[oa]me\s+in|been\s+received|show(n|ed)?\s+up|showing)\b|"
    r"\b(got|have|received)\s+my\s+([\w.']+\s+){0,4}transcripts?\s+(yet|now)\b", _I)

# "I'm the mentor for a new hire, she applied ... HR keeps asking when it'll be done. can we
# check?": her application looked at (read as what districts can see)
CAN_WE_CHECK = re.compile(
    r"\b(can|could)\s+(we|you|u)\s+(check|look\s+(it\s+)?up)\b(?!\s+(what|whether|if)\b)|"
    r"\bwhen\s+(it'?ll|it\s+will|will\s+it)\s+be\s+(done|ready|approved|issued|finished)\b", _I)
# "my colleague needs a copy of her certificate for her personnel file": the certificate
COPY_OF_A_CERTIFICATE = re.compile(r"\b(copy|print\w*|printout)\s+of\s+(her|his|their)\s+"
                                   r"(\w+\s+)?(cert\w*|license)\b", _I)
# "then why is my application still sitting there returned if my prints are fine": the
# application (its Memo says why)
WHY_IS_MY_APPLICATION = re.compile(
    r"\bwhy\s+((is|was|has|did|does)\s+)?(my|her|his|the)\s+(\w+\s+)?(application|app)\b.{0,40}"
    r"\b(still|returned|sitting|stuck|pending|back|not|keeps?)\b", _I)
# "where do I find my license number? The old paper forms always asked for it.": the
# Educator ID (no certificate number is issued)
LICENSE_NUMBER = re.compile(r"\b(licen[cs]e|teach(er|ing)|educator|certification)\s+(number|num|"
                            r"no\.|#)", _I)
# "i sub at 2 districts need 2 checks": one check is shared
SEVERAL_DISTRICTS = re.compile(r"\b(\d+|two|three|several|multiple|both|different|every|each|"
                               r"more\s+than\s+one)\s+(districts?|schools?)\b", _I)
# "I bet I made one back in college with my maiden name. How do I get that one back?"
GET_THE_OLD_ONE_BACK = re.compile(
    r"\b(get|recover|find)\s+(that|the\s+old|my\s+old|the\s+other|my\s+other|that\s+old)\s+"
    r"(one|account|acct|username|login)(\s+back)?\b|"
    r"\b(made|created|had|set\s+up|opened)\s+(one|an?\s+(account|acct|username|login))\b.{0,40}"
    r"\b(in|during|at)\s+(college|school|grad\s+school)\b", _I)
# "AD says i need some temp authorization thing before sept. where do i even start"
TAC_WHERE_TO_START = re.compile(
    r"\b(temp(orary)?\s+(auth\w*|cert\w*)|tac)\b.{0,80}\b(where\s+do\s+i\s+(even\s+)?(start|begin)|"
    r"how\s+do\s+i\s+(get|start|apply)|what\s+do\s+i\s+(do|need\s+to\s+do))\b", _I)
# "so i dont type my password into YOU. good": said, not a reset asked for
NO_PASSWORD_HERE = re.compile(r"\b(don'?t|dont|do\s+not|never)\s+(type|enter|give|put|share)\s+"
                              r"(my|the|a|your)\s+(password|pw|pass)\b(?!.{0,30}\b(forgot|reset|"
                              r"remember|work))", _I)

# "The school wants also to see my Praxis result. Was my score enough for passing?": the
# scores looked at (read as what districts can see)
DID_I_PASS = re.compile(
    r"\b(was|is|were|are)\s+(my|her|his)\s+(\w+\s+)?(scores?|results?)\s+(high\s+)?(enough|"
    r"good\s+enough|passing)\b|\bdid\s+(i|she|he)\s+pass\b|"
    # "and she passed her test right?"
    r"\b(i|she|he)\s+passed\s+(my|her|his|the)\s+(test|praxis|exam|assessment)\b[^.?!]{0,12}\?", _I)
# "Can't I just use this new one instead? It has my married name": a second username
USE_THE_NEW_ONE = re.compile(r"\b(use|keep)\s+(this|the|my)\s+new\s+(one|account|acct|"
                             r"username|login)\b|\bjust\s+use\s+(this|the\s+new)\s+one\b", _I)

# "and i suppose i cant just email you a pdf of it like a normal person": how transcripts are
# sent (no scans, no email), not a person asked for
EMAIL_A_COPY = re.compile(r"\b(e-?mail|scan|fax|upload|text)\s+(you\s+|it\s+|them\s+|u\s+)?"
                          r"(a\s+|the\s+)?(pdf|scan|copy|photo|picture|screenshot)\b", _I)

# What an area added is not about (a college, contact details, how or what a step is)
_NOT_AN_AREA = re.compile(r"\b(college|university|(?<!middle\s)(?<!high\s)school|transcripts?|"
                          r"phone|e-?mail|address|name|how|what|when|why|requirements?)\b", _I)

CORRECTIONS: tuple[Correction, ...] = (
    # "let me talk to somebody who actually works there"
    Correction(PERSON, ANY, "human_handoff"),
    Correction(SOMEONE_TO_HELP, ANY, "human_handoff"),
    # (a forgotten username with it: "i cant remember my username ... should i just make a new
    # account": finding that one, whose intro says the rule; a later row)
    Correction(SECOND_ACCOUNT, ANY, "faq/two_usernames", unless=re.compile(
        r"\b(forgot|can'?t\s+remember|cannot\s+remember|don'?t\s+remember|do\s+not\s+remember|"
        r"lost)\b.{0,30}\b(user\s*name|login|pass\s*word|pasword|passwrd|pw)\b", _I)),
    # (not "if I forget it later")
    Correction(SIGN_ME_IN_PLEASE, ("faq_returning_user", "faq_login_page", "nlu_fallback",
                                   "faq_inactive_account", "what_can_you_do", "create_account",
                                   "thanks", "sign_out"), "sign_in"),
    Correction(FROM_LONG_AGO, ("faq_processing_time", "nlu_fallback", "faq_inactive_account",
                               "faq_fees", "faq_application_statuses", "what_can_you_do"),
               "faq/sworn_statement"),
    # "Hello, I need sign in first, then I have question about my application."
    Correction(re.compile(r"\b(need|want|have|must)\s+(to\s+)?(sign|log)\s*in\s+first\b", _I),
               ("faq_sworn_statement", "sign_out", "nlu_fallback", "faq_login_page",
                "faq_returning_user", "what_can_you_do"), "sign_in"),
    # "OK, I check my email. Thank you." after a reset was emailed
    Correction(re.compile(r"\b(i'?ll|i\s+will|i|let\s+me|going\s+to)\s+(go\s+)?check\s+(my\s+)?"
                          r"(e-?mail|inbox)\b(?![^?]*\?)", _I),
               ("view_contact", "edit_contact", "check_status", "nlu_fallback"), "thanks"),
    Correction(LOG_IN_TO_APPLY, ("sign_out", "sign_in", "nlu_fallback", "check_status",
                                 "check_application_status"), "apply"),
    Correction(SIGN_IN_WORDS, ("sign_out",), "sign_in", unless=SIGN_OUT_WORDS),
    Correction(WHAT_IS_MY_EDUCATOR_ID, ("human_handoff", "bot_challenge", "nlu_fallback",
                                        "what_can_you_do", "faq_ssn_already_linked"),
               "faq/educator_id", unless=PERSON),
    # ("... Human Resources is asking for it": the district's office, not a person to talk to)
    Correction(re.compile(r"\b(human\s+resources|hr|h\.r\.)\b", _I),
               ("human_handoff", "bot_challenge"), "nlu_fallback"),
    Correction(SSN_STEP, ("change_personal_info", "faq_legal_name", "nlu_fallback",
                          "faq_ssn_already_linked"), "link_ssn", unless=re.compile(
        r"\b(change|wrong|incorrect|fix|update|correct)\w*\b", _I)),
    Correction(APPLIED_AND_WAITING, ANY, "check_application_status"),
    Correction(FINGERPRINTS_PER_DISTRICT, ANY, "faq/fingerprinting", unless=re.compile(
        r"\b(can\s+see|view|see\s+my|access)\b", _I)),
    Correction(FIND_THE_OTHER_USERNAME, ANY, "forgot_username",
               unless=re.compile(r"\bpass\s*word\b", _I)),
    Correction(SEE_MY_SCORES, ("faq_missing_test_scores",), "check_assessments", unless=re.compile(
        r"\b(missing|not\s+(showing|there|listed|in)|don'?t\s+see|can'?t\s+see|where\s+are|"
        r"aren'?t|isn'?t|no\s+(show|aparece\w*)|never)\b", _I)),
    Correction(WHICH_NAME, ("save_legal_name", "nlu_fallback", "change_personal_info"),
               "faq/legal_name"),
    Correction(CANT_GET_IN, ("nlu_fallback", "sign_in", "faq_login_page", "faq_inactive_account"),
               "login_trouble", unless=re.compile(
                   r"\b(forg[eo]t\w*|pass\s*words?|pw|user\s*names?|reset|person|someone|staff|"
                   r"human|help\s*desk|code|apply|status)\b", _I)),
    Correction(WHAT_TO_MAIL, ("nlu_fallback", "faq_sworn_statement", "what_can_you_do",
                              "edit_contact", "view_contact"), "faq/mail_documents",
               unless=re.compile(r"\btranscripts?\b", _I)),
    Correction(CLEARINGHOUSE, ("nlu_fallback", "view_contact", "affirm", "what_can_you_do"),
               "faq/mail_transcripts"),
    Correction(SCHOOL_MUST_DO, ("nlu_fallback", "what_can_you_do", "add_college"),
               "faq/recommendation"),
    Correction(EXPIRES_WHAT_NOW, ("faq_sworn_statement", "faq_mail_documents", "nlu_fallback",
                                  "check_certificate_status", "what_can_you_do"),
               "faq/upgrade_timing"),
    Correction(MADE_ONE_BEFORE, ("nlu_fallback", "faq_two_usernames", "link_ssn",
                                 "create_account", "what_can_you_do", "faq_returning_user"),
               "faq/ssn_already_linked", also=_WHAT_DO_I_DO),
    Correction(MAIL_ANYTHING, ("nlu_fallback", "check_status", "faq_sworn_statement",
                               "faq_email_correspondence"),
               "faq/mail_documents", unless=re.compile(r"\btranscripts?\b", _I)),
    Correction(WHO_IS_IT_FOR, ("nlu_fallback", "change_personal_info", "faq_district_access",
                               "faq_fees", "what_can_you_do"), "certificate_requirements"),
    Correction(FINGERPRINTS_DONE, ("faq_fingerprinting", "nlu_fallback", "affirm"),
               "check_background_status"),
    Correction(FINGERPRINTS_DONE_ASKED, ("faq_fingerprinting", "nlu_fallback"),
               "check_background_status"),
    # "ok good so she should be able to see that right??" (the HR person, after the scores)
    Correction(SHE_CAN_SEE_IT, ("faq_fingerprinting", "nlu_fallback", "check_assessments",
                                "check_background_status", "check_certificate_status"),
               "faq/district_access"),
    # "yay I pass!! how I can print my certificado for the escuela?": printed from its link
    Correction(re.compile(r"\b(print|imprim\w*)\s+(out\s+)?(my|the|her|his|a\s+copy\s+of\s+my)\s+"
                          r"(teaching\s+)?(cert\w*|license)\b", _I),
               ("nlu_fallback", "faq_district_access", "check_assessments", "out_of_scope",
                "faq_fingerprinting", "certificate_requirements"), "check_certificate_status",
               unless=re.compile(r"\b(checklist|application|receipt|memo)\b|\b(district|school|"
                                 r"principal|hr|employer)s?\s+(\w+\s+){0,2}print", _I)),
    Correction(TRANSCRIPT_THERE, ("faq_mail_transcripts", "nlu_fallback"),
               "check_education_status", unless=re.compile(r"\b(where|how|address)\b", _I)),
    # "Does the district office need a printed copy of my certificate ...? And how would I
    # print one?"
    Correction(re.compile(r"\bhow\s+(do|would|can|could|should|will)\s+(i|we)\s+(go\s+about\s+)?"
                          r"print(ing)?\s+(one|it|a\s+copy|mine|that|out\s+(one|a\s+copy))\b", _I),
               ("nlu_fallback", "faq_fingerprinting", "check_background_status", "out_of_scope"),
               "check_certificate_status",
               unless=re.compile(r"\b(checklist|application|receipt|memo)\b", _I)),
    # "my certificate expires in FIVE WEEKS and i dont know what to do. can you check it"
    Correction(re.compile(r"\bmy\s+(cert|certificate|license)\s+(expires|is\s+expiring|runs\s+out)\b"
                          r".*\b(check|look\s+at|see)\s+(it|on\s+it|my\s+\w+)\b", _I),
               ("nlu_fallback", "forgot_password", "faq_inactive_account", "faq_educator_id"),
               "check_certificate_status"),
    Correction(CHECK_ON_MY, _CHECK_ON_READINGS, "check_background_status", also=re.compile(
        r"\b(check|look)\s+(on|up|into|at)\s+(my|the\s+status\s+of\s+my)\s+(fingerprints?|prints|"
        r"background)", _I)),
    Correction(CHECK_ON_MY, _CHECK_ON_READINGS, "check_education_status", also=re.compile(
        r"\b(check|look)\s+(on|up|into|at)\s+(my|the\s+status\s+of\s+my)\s+(transcripts?|"
        r"college|education)", _I)),
    Correction(CHECK_ON_MY, _CHECK_ON_READINGS, "check_assessments", also=re.compile(
        r"\b(check|look)\s+(on|up|into|at)\s+(my|the\s+status\s+of\s+my)\s+(\w+\s+)?(test\s+)?"
        r"scores?", _I)),
    Correction(ADD_IT_TO_THE_RECORDS, ("check_education_status", "nlu_fallback",
                                       "faq_sworn_statement", "affirm", "view_contact"),
               "add_college", also=re.compile(r"\b(university|college|institute|attended|went\s+"
                                              r"to|studied)\b", _I)),
    Correction(COLLEGES_ON_FILE, ("view_contact", "nlu_fallback", "add_college",
                                  "what_can_you_do"), "check_education_status",
               unless=ADD_IT_TO_THE_RECORDS),
    Correction(DRAFT_MEANS, ANY, "faq/application_statuses"),
    Correction(WHERE_IS_THE_APPLICATION, ("check_status", "check_application_status", "sign_in",
                                          "nlu_fallback", "faq_login_page",
                                          "faq_returning_user", "forgot_password"),
               "portal_place:new_application",
               unless=re.compile(r"\b(status|memo|returned|submitted|my\s+(\w+\s+)?"
                                 r"(application|app))\b", _I)),
    Correction(MY_CERTIFICATE_GOOD, ("faq_returning_user", "nlu_fallback", "faq_inactive_account",
                                     "affirm", "check_status", "faq_upgrade_timing"),
               "check_certificate_status"),
    Correction(HOW_TO_CHECK_FINGERPRINTS, ("faq_returning_user", "faq_login_page", "nlu_fallback",
                                           "sign_in", "check_status"), "faq/fingerprinting"),
    Correction(WHY_NOT_DONE, ("apply", "nlu_fallback", "faq_processing_time",
                              "faq_application_statuses", "check_status"),
               "check_application_status"),
    Correction(WHICH_EMAIL_TO_USE, ANY, "faq/email_correspondence", unless=re.compile(
        r"\b(old|new|used|signed\s+up|registered|on\s+file|forgot)\b", _I)),
    Correction(MY_EDUCATION_RECORDS, ("check_assessments", "check_certificate_status",
                                      "check_background_status", "nlu_fallback", "add_college",
                                      "faq_mail_transcripts"), "check_education_status",
               unless=ADD_IT_TO_THE_RECORDS),
    Correction(CHECK_MY_APPLICATION, ("faq_district_access", "nlu_fallback",
                                      "faq_processing_time", "faq_application_statuses"),
               "check_application_status"),
    Correction(TRACK_THE_STATUS, ("faq_returning_user", "faq_login_page", "nlu_fallback",
                                  "faq_processing_time", "check_status", "sign_in",
                                  "what_can_you_do"), "faq/application_statuses"),
    Correction(DID_IT_WORK, ANY, "repeat"),
    Correction(VERIFY_ANSWERS, ("bot_challenge", "nlu_fallback", "what_can_you_do",
                                "faq_processing_time", "faq_application_statuses"),
               "faq/sworn_statement", unless=re.compile(
                   r"\b(fingerprint\w*|background|transcripts?|email|code|username)\b", _I)),
    Correction(PDF_OR_PAPER, ("certificate_requirements", "nlu_fallback", "what_can_you_do",
                              "faq_popup_blocker", "check_certificate_status", "apply"),
               "faq/mail_transcripts", unless=re.compile(r"\bcertificate\b", _I)),
    Correction(ADD_AN_AREA, ANY, "apply:additional", unless=_NOT_AN_AREA),
    Correction(ADD_A_NAMED_AREA, ANY, "apply:additional", unless=_NOT_AN_AREA,
               also=HOLDS_A_CERTIFICATE),
    Correction(HOW_LONG_TILL, ANY, "faq/processing_time",
               unless=re.compile(r"\b(fingerprint\w*|background)\b", _I)),
    Correction(ALREADY_LINKED, ("link_ssn", "nlu_fallback"), "apply",
               also=re.compile(r"\b(apply|application|app)\b", _I)),
    # "My account is already connected to my record." beside another request: said, not
    # asked (read as no request of its own)
    Correction(ALREADY_LINKED, ("link_ssn",), "nlu_fallback",
               unless=re.compile(r"\b(not|never|isn'?t|doesn'?t|don'?t|can'?t|won'?t|didn'?t|"
                                 r"hasn'?t|haven'?t)\b|\?|"
                                 # ("... they are already linked to another profile. Request
                                 # you link my record to my current account.")
                                 r"\b(another|other|different|someone\s+else'?s?)\s+(profile|"
                                 r"account|username|user)\b", _I)),
    Correction(CHECKING_ON, ("nlu_fallback", "faq_application_statuses", "faq_processing_time",
                             "faq_inactive_account", "faq_login_page", "faq_returning_user",
                             "sign_in", "what_can_you_do"), "check_application_status"),
    Correction(WHERE_DOES_IT_GO, _WHERE_IT_GOES_READINGS, "faq/mail_transcripts", also=re.compile(
        r"\b(transcripts?|college|university|school|registrar|lincoln)\b", _I)),
    Correction(WHERE_DOES_IT_GO, _WHERE_IT_GOES_READINGS, "faq/mail_documents"),
    # (beside a forgotten password: "I forgot my password AND do I need to make a brand new
    # account now that my name is different?": the reset, whose intro says the rule)
    Correction(NEED_A_NEW_ACCOUNT, ANY, "faq/two_usernames", unless=re.compile(
        r"\b(forgot|can'?t\s+remember|lost)\b.{0,30}\b(pass\s*word|pasword|pw)\b", _I)),
    Correction(LINK_IT, ("faq_returning_user", "faq_ssn_already_linked", "nlu_fallback", "thanks",
                         "what_can_you_do", "bot_challenge",
                         "sign_in", "faq_inactive_account", "faq_login_page",
                         "forgot_password", "certificate_requirements", "create_account",
                         "faq_district_access", "faq_missing_test_scores"),
               "link_ssn",
               unless=re.compile(r"\b(another|different|other)\s+(username|account|profile)\b|"
                                 r"\balready\s+linked\b|\b(create|make|open|set\s+up|new)\b.{0,20}"
                                 r"\b(account|acct|username|one)\b", _I)),
    Correction(CERTIFICATE_DATES, ("faq_inactive_account", "nlu_fallback", "faq_upgrade_timing",
                                   "check_status", "faq_returning_user", "bot_challenge",
                                   "apply"),
               "check_certificate_status", unless=re.compile(
                   r"\b(fingerprint\w*|background|check|password|account|code|link)\b", _I)),
    Correction(COLLEGE_SENDS_IT, ("add_college",), "faq/mail_transcripts",
               unless=re.compile(r"\b(add|missing|not\s+(listed|there|on)|isn'?t\s+(listed|"
                                 r"there|on))\b", _I)),
    Correction(THE_ADDRESS, ("view_contact", "edit_contact", "faq_two_usernames", "nlu_fallback",
                             "what_can_you_do"), "faq/mail_transcripts",
               also=re.compile(r"\b(transcripts?|registrar|college|university)\b", _I),
               unless=re.compile(r"\b(my|our)\s+(mailing\s+|home\s+)?address\b|"
                                 r"\b(have|got)\s+(for|on)\s+me\b", _I)),
    Correction(THE_ADDRESS, ("view_contact", "edit_contact", "faq_two_usernames", "nlu_fallback",
                             "what_can_you_do"), "faq/mail_documents",
               unless=re.compile(r"\b(my|our)\s+(mailing\s+|home\s+)?address\b|\bon\s+file\b|"
                                 r"\b(have|got)\s+(for|on)\s+me\b", _I)),
    Correction(HOW_LONG_AFTER, ("check_education_status", "faq_mail_transcripts",
                                "check_application_status", "nlu_fallback",
                                "faq_returning_user", "faq_recommendation",
                                "faq_email_correspondence"), "faq/processing_time",
               unless=re.compile(r"\b(fingerprint\w*|background|code|link|email)\b", _I)),
    Correction(COLLEGE_HOURS, ("nlu_fallback", "add_college", "check_education_status",
                               "faq_mail_transcripts", "what_can_you_do", "bot_challenge",
                               "faq_processing_time"), "certificate_requirements",
               unless=re.compile(r"\b(add|missing|not\s+(listed|showing|there|on)|send|mail|"
                                 r"isn'?t|isnt|aren'?t|received?|upgrade|pd|"
                                 r"professional\s+development)\b", _I)),
    Correction(HAVE_MY_USERNAME, ("forgot_username",), "forgot_password", also=FORGOT_PASSWORD),
    Correction(HAVE_MY_USERNAME, ("forgot_username",), "nlu_fallback",
               unless=re.compile(r"\?|\b(not|n'?t|never|forgot|lost)\b", _I)),
    Correction(COLLEGE_NOT_LISTED, ("check_education_status", "faq_mail_transcripts",
                                    "nlu_fallback", "check_status"), "add_college",
               also=re.compile(r"\b(add|put)\b", _I),
               unless=re.compile(r"\btranscripts?\b.{0,30}\b(not|isn'?t|isnt|never)\b|"
                                 r"\b(received|arrived|got)\b", _I)),
    Correction(DISTRICT_SEES, ("check_application_status", "check_background_status",
                               "check_education_status", "check_assessments",
                               "check_certificate_status", "check_status", "nlu_fallback",
                               "faq_returning_user", "what_can_you_do"),
               "faq/district_access", unless=re.compile(SCORE_POSTED.pattern + r"|"
                                                         r"\b(my|mine)\s+(own\s+)?(status|"
                                                         r"score|certificate)\s*\?*$|"
                                                         r"\b(wants?|needs?|asked)\s+to\s+see\b|"
                                                         # "checking my OWN cert this time"
                                                         r"\bmy\s+own\b|\bsign\s+in\b", _I)),
    Correction(WHAT_DOCUMENTS, ("faq_mail_documents", "nlu_fallback", "faq_mail_transcripts",
                                "what_can_you_do"), "certificate_requirements",
               unless=re.compile(r"\b(where|address|name\s+change|married)\b", _I)),
    Correction(GOT_FROM_COLLEGE, ("add_college", "faq_mail_transcripts", "nlu_fallback"),
               "check_education_status", unless=re.compile(r"\b(add|put)\b", _I)),
    Correction(WHY_THE_EMAIL, ("faq_fees", "nlu_fallback", "view_contact",
                               "what_can_you_do", "faq_returning_user", "human_handoff"),
               "faq/email_correspondence",
               unless=re.compile(r"\b(code|link|reset|password|username|didn'?t|not\s+get)\b", _I)),
    Correction(WHERES_MY_APP, ANY, "check_application_status",
               unless=re.compile(r"\b(find|where\s+do\s+i|checklist)\b", _I)),
    Correction(NOT_CREATING, ("create_account",), "forgot_username", also=FORGOT_USERNAME),
    Correction(NOT_CREATING, ("create_account",), "forgot_password", also=FORGOT_PASSWORD),
    Correction(NOT_CREATING, ("create_account",), "nlu_fallback"),
    Correction(CHECK_MY_CERTIFICATE, ("faq_district_access", "nlu_fallback", "what_can_you_do",
                                      "check_status", "sign_out", "faq_mail_documents",
                                      "faq_inactive_account", "faq_returning_user",
                                      "check_application_status"), "check_certificate_status",
               # ("can HR confirm my certificate status themselves?": what districts see)
               unless=re.compile(r"\b(hr|district|school|principal|employer)s?\s+(\w+\s+){0,2}"
                                 r"(confirm|check|verify|see|look)\b", _I)),
    Correction(CHECK_GOOD_FOR, ANY, "faq/fingerprinting"),
    Correction(TO_THE_CAREER_CERTIFICATE, ("faq_upgrade_timing", "check_certificate_status",
                                           "nlu_fallback", "apply", "check_status",
                                           "what_can_you_do"), "certificate_requirements",
               unless=re.compile(r"\b(when|how\s+early|how\s+soon|status|submitted)\b", _I)),
    # (read as changing the email; without the word "transcript" the conversation knows
    # what "it" is)
    Correction(EMAIL_A_SCAN, ("edit_contact", "view_contact"), "faq/mail_transcripts",
               also=re.compile(r"\btranscripts?\b", _I)),
    Correction(SCORE_POSTED, ("faq_district_access", "faq_missing_test_scores", "nlu_fallback"),
               "check_assessments"),
    Correction(SIGNING_IN_TO_APPLY, ("nlu_fallback", "faq_district_access", "faq_sworn_statement",
                                     "sign_in", "check_application_status"), "apply"),
    Correction(SIGN_ME_IN, ("create_account", "nlu_fallback", "what_can_you_do", "affirm",
                            "certificate_requirements", "faq_login_page"), "sign_in",
               # (not "I need to sign in and do the application": what comes after is the
               # request)
               unless=re.compile(r"\b(can'?t|cannot|unable|won'?t|doesn'?t|forgot|how|apply|"
                                 r"application|app|link\w*|status|check|transcripts?|scores?|"
                                 r"certificate|fingerprints?)\b", _I)),
    Correction(FORGOT_USERNAME, ("create_account", "faq_two_usernames", "nlu_fallback",
                                 "forgot_password", "faq_inactive_account"), "forgot_username",
               also=A_NEW_ACCOUNT),
    # "i dont remember my username AT ALL. last time i logged in was ... 4 yrs ago"
    Correction(FORGOT_USERNAME, ("faq_inactive_account", "faq_returning_user", "nlu_fallback",
                                 "faq_login_page"), "forgot_username",
               unless=re.compile(r"\bpass\s*word\b", _I)),
    # "what's going on with my substitute application, I got some email ..."
    Correction(re.compile(r"\b(what'?s|what\s+is)\s+(going\s+on|happening|up)\s+with\s+my\s+"
                          r"(\w+\s+)?(ap+li?ca?ti?on|app)\b", _I), ANY, "check_application_status"),
    # "I made my account last week. What I do now?": linking comes next
    Correction(ACCOUNT_MADE, ANY, "link_ssn", also=re.compile(
        r"\bwhat\s+(do\s+)?i\s+(do|need\s+to\s+do|should\s+do)\s+(now|next)|\bwhat'?s\s+next\b|"
        r"\bnext\s+step", _I), unless=re.compile(r"\b(forg[eo]t\w*|lost|password)\b", _I)),
    Correction(ACCOUNT_MADE, ("create_account", "faq_login_page", "faq_returning_user",
                              "nlu_fallback"), "link_ssn", also=ABOUT_LINKING,
               unless=re.compile(r"\b(another|second|2nd|new)\s+(one|a?c+ount|acct)\b", _I)),
    Correction(ACCOUNT_MADE, ("create_account",), "sign_in",
               unless=re.compile(r"\b(another|second|2nd|new)\s+(one|a?c+ount|acct)\b|"
                                 r"\b(forg[eo]t\w*|lost|remember)\b", _I)),
    Correction(CREATING_AN_ACCOUNT, ("link_ssn", "nlu_fallback", "affirm", "sign_in",
                                     "faq_inactive_account", "faq_returning_user",
                                     "what_can_you_do", "faq_login_page", "apply",
                                     "check_application_status", "check_status",
                                     "certificate_requirements"), "create_account",
               # (not one made already: "my grandson helped me make the acount but now it
               # says I have to conect it")
               unless=re.compile(r"\b(already|existing|forgot|forget|ago|last\s+(week|month|"
                                 r"year)|lin?k\w*|con+ect\w*|helped)\b", _I)),
    Correction(CHECK_MY_EMAIL, ("nlu_fallback", "faq_email_correspondence", "what_can_you_do",
                                "forgot_password", "forgot_username", "edit_contact",
                                "view_contact", "affirm", "faq_processing_time"),
               "faq/check_email",
               # ("I'll watch my inbox. What do I do after I set the password?": what next)
               unless=re.compile(r"\b(change|update|new|different|wrong|what\s+do\s+i\s+do|"
                                 r"after\s+i|what'?s\s+next|social\s+security|ssn)\b", _I)),
    Correction(REPEAT, _SMALL_TALK + ("affirm", "faq_educator_id", "edit_contact",
                                      "view_contact", "faq_application_statuses",
                                      "faq_processing_time", "check_application_status",
                                      "check_certificate_status", "check_status"), "repeat",
               unless=re.compile(r"\b(fingerprint\w*|apply|application|pay|test|exam|"
                                 r"code|link)\b", _I)),
    # "I'd like to apply for a substitute certificate so I can sub while ..."
    # "the district might apply for a TAC for me. What is that and why would the district
    # apply instead of me?": what the application is, not starting it
    Correction(NEED_MY_SCORES, ("faq_district_access", "nlu_fallback", "what_can_you_do",
                                "faq_missing_test_scores"), "check_assessments"),
    Correction(NEED_MY_CERTIFICATE, ("faq_district_access", "nlu_fallback", "what_can_you_do"),
               "check_certificate_status"),
    Correction(SEE_FINGERPRINT_RESULTS, ("faq_district_access", "nlu_fallback",
                                         "what_can_you_do", "faq_email_correspondence"),
               "faq/fingerprinting"),
    Correction(WHAT_IS_THAT, ("apply",), "certificate_requirements", unless=WANT_TO_APPLY),
    Correction(REQUIREMENTS, ("apply",), "certificate_requirements", unless=WANT_TO_APPLY),
    Correction(WANT_TO_APPLY, ("certificate_requirements", "faq_fees", "faq_upgrade_timing",
                               "sign_in", "faq_mail_documents", "faq_processing_time",
                               "nlu_fallback"), "apply"),
    # "Hi, I want to apply to be a substitute teacher. my acount is already hooked up to my
    # records" (read as the application's status)
    Correction(WANT_TO_APPLY, ("check_application_status", "check_status", "link_ssn"), "apply",
               unless=re.compile(r"\b(status|memo|returned|happened|where\s+(is|does)|update|"
                                 r"already\s+appl\w*|submitted|sent\s+(it|my))\b|"
                                 # ("I think first I must connect my account with my SSN")
                                 r"\b(must|need|have\s+to|should)\s+(first\s+)?(to\s+)?(link|"
                                 r"connect|hook)", _I)),
    # "if u say yes on one of these r they gonna auto deny u??": what a Yes means
    Correction(re.compile(r"\bif\s+(i|u|you|she|he)\s+(say|answer|put|check|mark)\s+yes\b.{0,60}"
                          r"\b(den(y|ied)|reject\w*|disqualif\w*|against|automatic\w*|"
                          r"auto|problem|trouble)", _I), ANY, "faq/sworn_statement"),
    # "they sent my sub application back. what do you people want from me now"
    Correction(RETURNED, ANY, "check_application_status", unless=WANT_TO_APPLY,
               also=MY_APPLICATION),
    # "Applied for the substitute certificate and it came back "returned". ... What on earth
    # do they want?"
    Correction(re.compile(r"\b(applied|application|app)\b.{0,80}\bcame\s+back\s+\W?(returned|"
                          r"rejected|denied|incomplete)\b", _I), ANY, "check_application_status"),
    # "Sub app shows returned. Why?"
    Correction(SHOWS_RETURNED, _STATUS_QUESTIONS + ("faq_mail_transcripts",
                                                    "faq_missing_test_scores",
                                                    "faq_ssn_already_linked",
                                                    "faq_returning_user"),
               "check_application_status", unless=WANT_TO_APPLY),
    # "will they mail me a paper one too, or do I just print this?"
    Correction(PAPER_CERTIFICATE, ("faq_email_correspondence", "faq_mail_documents",
                                   "nlu_fallback", "certificate_requirements"),
               "check_certificate_status"),
    # "I'm back. Please continue my Administrator application where I left off."
    Correction(CONTINUE_APPLICATION, ANY, "apply"),
    Correction(SOCIAL_SECURITY_BENEFITS, ("link_ssn", "faq_why_ssn", "nlu_fallback"),
               "out_of_scope"),
    Correction(EMAILED_TRANSCRIPT, ("check_education_status", "nlu_fallback",
                                    "faq_mail_documents", "add_college"), "faq/mail_transcripts",
               unless=re.compile(r"\b(did|have|has)\s+(you|u|they|dese)\s+(get|got|gotten|"
                                 r"receive)", _I)),
    Correction(FEE_BACK, ("faq_returning_user", "nlu_fallback", "faq_processing_time",
                          "check_application_status", "faq_application_statuses"), "faq/fees"),
    Correction(WHAT_KINDS, ("check_certificate_status", "apply", "nlu_fallback",
                            "check_application_status"), "certificate_requirements"),
    # (read right, it stays: the row below would take "the new address" for a change)
    Correction(LETTERS_TO_ADDRESS, ("edit_contact", "view_contact", "nlu_fallback",
                                    "faq_mail_documents", "faq_email_correspondence"),
               "faq/email_correspondence"),
    # "ok can i at least change my email then, the old one has my married name in it"
    Correction(CHANGE_CONTACT, ("change_personal_info", "faq_legal_name", "save_legal_name",
                                "faq_email_correspondence", "nlu_fallback"), "edit_contact",
               # ("Will the letters from your office come to this new address from now?")
               unless=re.compile(r"\b(will|would|do|does)\b.{0,40}\b(come|go|arrive|be\s+sent|"
                                 r"get\s+sent|reach)\b", _I)),
    # "when does it run out" (after the certificate was shown)
    Correction(EXPIRY, ("nlu_fallback", "faq_upgrade_timing", "faq_inactive_account",
                        "faq_processing_time"),
               "check_certificate_status",
               unless=re.compile(r"\b(when|how\s+early|how\s+soon)\b.{0,25}\b(upgrade|renew)|"
                                 r"\b(fingerprint\w*|background|check|code|link|password)", _I)),
    # "just graduated from truman state ... got hired in columbia. which application do i
    # need" (read as education records)
    Correction(WHICH_APPLICATION, ANY, "apply:which", unless=re.compile(
        r"\b(status|submitted|returned|did\s+it|has\s+it|was\s+it|fee|fees|cost|how\s+much)\b",
        _I)),
    # "ok start the initial professional one"
    # (not "connect it to her record, then begin the application": linking comes first)
    Correction(START_NAMED, ANY, "apply", unless=re.compile(
        r"\b(status|submitted|returned|how long|did it|was it|link\w*|connect\w*|"
        r"account|username|password)\b", _I)),
    # "The memo says something is missing from Lincoln? What exactly do they still need?"
    # "Somebody told me to read the Memo. What does mine say?" (read once as a handoff)
    Correction(MY_MEMO, ANY, "check_application_status", unless=re.compile(
        PERSON.pattern + r"|\b(what\s+is|what'?s|where\s+is|where\s+do\s+i\s+find)\s+(a|the)\s+"
        r"memo\b", _I)),
    # "need a copy of my certificate for HR by today, how do i get it"
    Correction(COPY_OF_CERTIFICATE, ("nlu_fallback", "certificate_requirements",
                                     "what_can_you_do", "bot_challenge"),
               "check_certificate_status"),
    # "I did not login since more than one year, this is a problem?"
    Correction(LONG_AWAY, ("nlu_fallback", "faq_two_usernames", "faq_login_page",
                           "faq_ssn_already_linked", "faq_returning_user"),
               "faq/inactive_account"),
    # "so what exactly are they asking for?", "so what's holding it up?"
    Correction(WHATS_MISSING, ("affirm", "bot_challenge", "nlu_fallback", "what_can_you_do",
                               "faq_application_statuses", "faq_processing_time",
                               "create_account"), "check_application_status",
               # ("I need an account in your certification system. What do you need from
               # me?": what the account takes)
               unless=re.compile(r"\b(a?c+ount|acct|user\s*name|sign\s*up|register)\b", _I)),
    # "what do i use that number for exactly" (after the Educator ID)
    Correction(THAT_NUMBER, ("nlu_fallback", "what_can_you_do", "bot_challenge"),
               "faq/educator_id"),
    # "ok send me the old username then"
    Correction(SEND_MY_USERNAME, ("faq_two_usernames", "faq_ssn_already_linked",
                                  "nlu_fallback", "create_account"), "forgot_username"),
    # "can't you just move my record over to this login?"
    Correction(MOVE_MY_RECORD, ("nlu_fallback", "check_assessments", "what_can_you_do",
                                "link_ssn"), "faq/ssn_already_linked"),
    # "i started a sub app on here a couple days ago and bailed, can i pick it back up"
    Correction(PICK_IT_UP, ANY, "apply"),
    # "so how do I print it?" (after the certificate was shown)
    Correction(PRINT_IT, ("nlu_fallback", "faq_popup_blocker"), "check_certificate_status",
               unless=re.compile(r"\bchecklist\b", _I)),
    # "and the fingerprints? I did those at an IdentoGO in Joplin last month"
    Correction(AND_FINGERPRINTS, ("faq_fingerprinting", "nlu_fallback", "faq_district_access"),
               "check_background_status"),
    # "wait sorry typo, its 417-555-0139", "address is 1450 W Jackson St, Ozark, MO 65721"
    Correction(CONTACT_VALUE, ANY, "edit_contact",
               unless=re.compile(r"\b(view|show|see|what)\b", _I)),
    # "After I have new password, how I go to my profile?"
    Correction(TO_MY_PROFILE, ("nlu_fallback", "what_can_you_do", "faq_sworn_statement"),
               "faq/login_page"),
    # "i started a sub application as a backup. did it go through"
    Correction(DID_IT_GO_THROUGH, ("apply", "nlu_fallback", "faq_processing_time",
                                   "faq_district_access"),
               "check_application_status"),
    # "so am I going to get an email when it clears or do I just keep checking"
    Correction(NOTICE_WHEN_CLEARED, ("faq_email_correspondence", "nlu_fallback", "view_contact"),
               "faq/fingerprinting"),
    Correction(WHO_RECOMMENDS, ANY, "faq/recommendation", unless=re.compile(
        r"\b(status|yet|did|has|have\s+they|still\s+waiting|sent|received|arrive\w*)\b", _I)),
    Correction(SEND_A_COPY, ("view_contact", "edit_contact", "faq_email_correspondence",
                             "nlu_fallback", "certificate_requirements", "faq_popup_blocker",
                             "faq_fees", "faq_two_usernames",
                             # "Can they just email you a PDF of the transcript? That would be
                             # faster."
                             "faq_processing_time"), "faq/mail_transcripts",
               # ("I'll send the form in with a copy of the marriage certificate. In the
               # meantime could you at least change my email?": the name's form, and a change)
               unless=re.compile(r"\b(marriage|married|divorce\w*|(change|update)\s+my\s+"
                                 r"(e-?mail|phone|address))\b", _I)),
    Correction(WHERE_TO_SEND, _WHERE_TO_SEND_READINGS, "faq/mail_transcripts",
               also=re.compile(r"\b(transcripts?|hrs|hours|credits?|degree|registrar|college\s+"
                               r"papers|mark\s*sheets?)\b", _I)),
    Correction(WHERE_TO_SEND, _WHERE_TO_SEND_READINGS, "faq/mail_documents",
               # "where do i send the paperwork + marriage cert": the name change's form
               unless=re.compile(r"\b(marriage|married|maiden|divorce\w*|name|(new|my)\s+"
                                 r"(mailing\s+)?(address|phone|e-?mail))\b", _I)),
    Correction(FINGERPRINTS_BACK, ("faq_application_statuses", "faq_processing_time",
                                   "faq_fingerprinting", "faq_district_access",
                                   "faq_inactive_account", "nlu_fallback"),
               "check_background_status"),
    Correction(SIGNING_IN, ("greet", "nlu_fallback", "what_can_you_do"), "sign_in"),
    Correction(SUB_WITHOUT_A_DEGREE, ("out_of_scope", "nlu_fallback", "what_can_you_do",
                                      "faq_fees", "apply", "faq_returning_user"),
               "certificate_requirements"),
    Correction(OPEN_ON_MY_ACCOUNT, ("create_account", "nlu_fallback", "view_contact",
                                    "what_can_you_do", "check_status"),
               "check_application_status"),
    Correction(STAYS_ACTIVE, ("faq_returning_user", "nlu_fallback", "apply", "what_can_you_do",
                              "faq_inactive_account"), "certificate_requirements",
               also=re.compile(r"\b(cert|certificate)\b", _I)),
    Correction(SUB_TIME_COUNTS, ("certificate_requirements", "nlu_fallback", "faq_fees",
                                 "what_can_you_do", "apply", "check_certificate_status"),
               "faq/upgrade_timing"),
    Correction(WHEN_TO_UPGRADE, ("stop", "nlu_fallback", "change_personal_info",
                                 "faq_inactive_account", "forgot_password",
                                 "check_certificate_status"), "faq/upgrade_timing"),
    # "profile has me as Mike, legal name is Michael. how do i fix that": a name on the
    # profile changed, which takes the form
    Correction(re.compile(r"\b(has|have|shows|lists|says|got)\s+me\s+(down\s+)?(as|under)\b|"
                          r"\bnick\s*name\b.{0,40}\b(on|in)\s+(my|the|her|his)\s+(profile|record)",
                          _I), ("save_legal_name", "nlu_fallback"), "change_personal_info"),
    # "Legal name Marcus Reyes. Not Marc." (asked to save it): the name to save
    Correction(re.compile(r"^\W*(?:[Mm]y\s+)?(?:[Ll]egal|[Ff]ull)\s+name\s*(?:is\s+|:\s*|\s+)"
                          r"[A-Z][a-z'-]+\s+[A-Z]"),
               ("change_personal_info", "faq_legal_name", "nlu_fallback"), "save_legal_name",
               unless=NAME_IS_WRONG),
    Correction(NAME_IS_WRONG, ("save_legal_name", "what_can_you_do", "nlu_fallback"),
               "change_personal_info",
               unless=re.compile(r"\b(legal|full)\s+name\s+(is|:)|\bmy\s+name\s+is\s+(?!(\w+\s+)?"
                                 r"(spelled|misspel\w*|wrong|incorrect|not)\b)", _I)),
    Correction(MY_CHECK_STILL_SHOWING, ANY, "check_background_status"),
    # "and fingerprints. I had them done in 2015 for my old district. do those carry over?"
    Correction(re.compile(r"\b(fingerprint\w*|prints|background\s+check)\b.*\b(carry\s+over|"
                          r"transfer|still\s+count)\b", _I),
               ("check_background_status", "check_status"), "faq/fingerprinting"),
    Correction(FINGERPRINTS_STILL_GOOD, ("thanks", "nlu_fallback", "faq_inactive_account",
                                         "forgot_password", "affirm", "greet",
                                         "faq_processing_time"), "faq/fingerprinting"),
    Correction(NO_ACCOUNT_YET, ANY, "create_account", unless=re.compile(
        r"\b(forgot|forget|lost|password|sign\s*in|log\s*in|status)\b", _I)),
    # "i cant get into my account ... the password isnt working ... please tell me that doesnt
    # flag anything" (read as the SSN linked to another username)
    Correction(FORGOT_PASSWORD, ("faq_ssn_already_linked", "faq_two_usernames",
                                 "faq_popup_blocker"), "forgot_password", unless=re.compile(
                   r"\b(ssn|social|linked|link|another\s+(user\s*name|profile|account))\b", _I)),
    Correction(FORGOT_PASSWORD, ("forgot_username", "sign_in", "nlu_fallback", "create_account",
                                 "faq_inactive_account", "faq_login_page", "apply",
                                 # "... the password is long gone. Can you reset it for me?"
                                 "human_handoff"),
               "forgot_password", unless=re.compile(
                   r"\b(user\s*name|username)\b.{0,20}\b(and|or|&|\+)\b.{0,15}\bpass|"
                   r"\bpass\w*\b.{0,10}\b(and|or|&|\+)\b.{0,15}\buser\s*name", _I)),
    Correction(CREATE_WORDS, ("affirm", "nlu_fallback", "greet", "thanks", "what_can_you_do",
                              "out_of_scope", "faq_returning_user", "faq_login_page",
                              "forgot_username"), "create_account"),
    # ("they said i gotta get a account on your system first ... how do i do that", read as
    # the inactive-account answer; not a second account, not a forgotten one)
    Correction(CREATE_WORDS, ("faq_inactive_account", "stop", "faq_two_usernames"),
               "create_account", unless=re.compile(
                   r"\b(another|second|two|2|more\s+than\s+one|new\s+one|forg[eo]t\w*|"
                   r"already\s+(have|made|had)|used\s+to\s+have)\b", _I)),
    Correction(APPLICATION_TROUBLE, ANY, "check_application_status", unless=re.compile(
        r"\b(how\s+long|fee|cost|apply\s+for|want\s+to\s+apply)\b", _I)),
    Correction(ON_IT, _ON_IT_READINGS, "faq/mail_transcripts",
               also=re.compile(r"\b(transcripts?|college|university|school|tech|state)\b", _I)),
    Correction(ON_IT, _ON_IT_READINGS, "faq/mail_documents"),
    # "ok and do you have my transcript from lincoln or not"
    Correction(HAVE_MY_TRANSCRIPT, ("faq_mail_transcripts", "nlu_fallback"),
               "check_education_status", unless=re.compile(
                   # "what should be on the envelope or the transcript so you know it's mine?
                   # I'm nervous it gets lost": how to send it, not whether it came
                   r"\b(should|must|needs?\s+to)\s+be\s+on\b|\b(nervous|worried|afraid|scared)\b",
                   _I)),
    # ("I'm a little nervous typing that kind of thing into a computer, I'll be honest": no
    # question who is answering)
    Correction(re.compile(r"\w"), ("bot_challenge",), "nlu_fallback", unless=re.compile(
        r"\b(bot|robot|human|person|people|real|ai|automated|machine|program|chat\s*gpt|"
        r"computer\s+program|talking\s+to|chatting\s+with|are\s+(you|u)|r\s+u|who\s+(is|am)|"
        r"someone|somebody|staff|agent|live)\b", _I)),
    # (w88-w91)
    # "i have like 70 credits lol. can i just email them the unofficial one", "I mailed a
    # photocopy of my USMA transcript on 2 JUN. Why was that insufficient?": originals only
    Correction(re.compile(r"\b(unofficial|photo\s*cop(y|ies)|photocop(y|ies)|scann?ed\s+cop(y|ies)|"
                          r"a\s+scan)\b", _I),
               ("certificate_requirements", "apply", "nlu_fallback", "human_handoff",
                "faq_mail_documents", "check_application_status", "faq_application_statuses"),
               "faq/mail_transcripts", also=re.compile(r"\b(transcripts?|one|it|copy|credits?)\b",
                                                      _I)),
    # "what EXACTLY is missing from my application. the email just says returned ..."
    Correction(re.compile(r"\bmissing\s+(from|on|in|with)\s+(my|her|his|the)\s+(\w+\s+)?"
                          r"(application|app)\b", _I),
               ("faq_application_statuses", "nlu_fallback", "faq_processing_time", "apply"),
               "check_application_status"),
    # "wait do i need like a diff account for every district i sub at lol"
    Correction(re.compile(r"\b(diff(erent)?|separate|another|new|own)\s+(account|acct|username|"
                          r"login)\s+(for|per|at)\s+(each|every|all|both)\b", _I),
               ("nlu_fallback", "create_account", "faq_district_access"), "faq/two_usernames"),
    # "WHY did nobody tell me it was returned??": how correspondence comes (by email)
    Correction(re.compile(r"\b(nobody|no\s+one|no-one)\s+(told|tell|notified|emailed|contacted|"
                          r"let\s+me\s+know)\b|\b(you|y'?all|they)\s+(never|didn'?t)\s+(told|tell|"
                          r"notif\w+|email\w*|let\s+me\s+know)\b", _I),
               ("nlu_fallback", "faq_missing_test_scores", "faq_fees", "out_of_scope"),
               "faq/email_correspondence"),
    # "She asks is her social the same thing as this Educator ID"
    Correction(re.compile(r"\b(social|ssn)\b.{0,40}\b(same|different)\b.{0,30}\beducator\s+id\b|"
                          r"\beducator\s+id\b.{0,30}\b(same|different)\b.{0,30}\b(social|ssn)\b",
                          _I), ANY, "faq/educator_id"),
    # "are you KIDDING me. so which one am i supposed to use" after the SSN was linked elsewhere
    Correction(re.compile(r"\bwhich\s+(one|username|account|login)\s+(am\s+i|should\s+i|do\s+i|is\s+"
                          r"she|should\s+she)\s+(supposed\s+to\s+)?use\b", _I),
               ("save_legal_name", "faq_legal_name", "nlu_fallback", "change_personal_info",
                "what_can_you_do"), "faq/two_usernames"),
    # "Should my profile say Whitfield even tho all my old college paperwork says Pruitt?"
    Correction(re.compile(r"\bshould\s+my\s+(profile|record|account)\s+(say|show|have|list)\b", _I),
               ("faq_ssn_already_linked", "nlu_fallback", "faq_returning_user", "edit_contact",
                "view_contact"), "faq/legal_name"),
    # "im a junior in the elem ed program and i lowkey want to sub on weekends ... what do i
    # even need"
    Correction(re.compile(r"\b(want|wanna|like)\s+to\s+(sub|substitute)\b.{0,80}\bwhat\s+(do\s+)?i\s+"
                          r"(even\s+)?need\b", _I),
               ("nlu_fallback", "what_can_you_do", "out_of_scope", "faq_two_usernames"),
               "certificate_requirements"),
    # "Lincoln they send my transcrip already?"
    Correction(re.compile(r"\b(send|sent)\s+(my|the|her|his)\s+transcr\w*\s+(already|yet)\b", _I),
               ("faq_mail_transcripts", "nlu_fallback"), "check_education_status"),
    # "Received at 1412. Request sign-in."
    Correction(re.compile(r"\b(request(ing)?|req)\s+(a\s+)?(sign[\s-]?in|log[\s-]?in)\W*$", _I),
               ("nlu_fallback", "faq_inactive_account", "faq_login_page", "greet",
                "what_can_you_do"), "sign_in"),
    # (w84-w87, after every other row)
    # "make another one w/ my personal email too" right after an account was made (read as a
    # change of email): a second account (the router says one is the rule)
    Correction(re.compile(r"\b(make|create|set\s*up|open)\s+(me\s+)?(another|a\s+second|a\s+2nd)\s+"
                          r"(one|account|acct|username|login)\b", _I),
               ("edit_contact", "view_contact", "nlu_fallback"), "create_account"),
    # "ok. how i get the old name back" (the username)
    Correction(re.compile(r"\b(get|find|recover)\s+(the|my|her|his)\s+old\s+(user\s*)?name\s+back\b",
                          _I), ("faq_returning_user", "change_personal_info", "faq_legal_name",
                                "nlu_fallback", "save_legal_name"), "forgot_username"),
    Correction(EMAIL_A_COPY, ("human_handoff", "faq_popup_blocker", "faq_mail_documents",
                              "nlu_fallback", "faq_email_correspondence", "bot_challenge"),
               "faq/mail_transcripts"),
    Correction(DID_I_PASS, ("faq_district_access", "nlu_fallback", "faq_missing_test_scores",
                            "certificate_requirements"), "check_assessments"),
    Correction(USE_THE_NEW_ONE, ("change_personal_info", "faq_legal_name", "nlu_fallback",
                                 "save_legal_name", "faq_returning_user"), "faq/two_usernames"),
    # (w84-w87) a mentor asking for her colleague's application or certificate
    Correction(CAN_WE_CHECK, ("faq_district_access",), "check_application_status",
               also=re.compile(r"\b(appl\w*|app)\b", _I)),
    Correction(COPY_OF_A_CERTIFICATE, ("faq_district_access", "nlu_fallback",
                                       "faq_upgrade_timing"), "check_certificate_status"),
    Correction(WHY_IS_MY_APPLICATION, ("faq_inactive_account", "faq_application_statuses",
                                       "faq_processing_time", "nlu_fallback", "faq_fingerprinting",
                                       "check_background_status", "faq_returning_user"),
               "check_application_status"),
    Correction(LICENSE_NUMBER, ("out_of_scope", "nlu_fallback", "faq_mail_documents",
                                "faq_email_correspondence", "forgot_password", "what_can_you_do"),
               "faq/educator_id"),
    Correction(SEVERAL_DISTRICTS, ("nlu_fallback", "faq_two_usernames", "create_account"),
               "faq/fingerprinting", also=re.compile(r"\b(checks?|fingerprint\w*|prints|"
                                                     r"background)\b", _I),
               unless=re.compile(r"\b(see|view|look)\b", _I)),
    Correction(GET_THE_OLD_ONE_BACK, ("faq_returning_user", "add_college", "nlu_fallback",
                                      "faq_two_usernames", "faq_inactive_account"),
               "forgot_username", unless=SOMEONE_TO_HELP),
    Correction(TAC_WHERE_TO_START, ("faq_sworn_statement", "out_of_scope", "nlu_fallback",
                                    "what_can_you_do"), "apply:temporary_authorization"),
    Correction(NO_PASSWORD_HERE, ("forgot_password",), "affirm"),
    # (w92-w95)
    # "going forward can I check this myself from the district side instead of bugging her?"
    Correction(re.compile(r"\b(check|see|look\s+up|view|pull\s+up|verify)\b.{0,40}\b(from|on|through)\s+"
                          r"(the\s+|our\s+|my\s+)?(district|school)('?s)?\s+(side|end|account|login|"
                          r"system)\b", _I),
               ("nlu_fallback", "create_account", "check_status", "check_certificate_status",
                "what_can_you_do", "sign_in"), "faq/district_access"),
    # "Just so I'm sure I do this correctly: I should only ever have the one username, is that
    # right?"
    Correction(re.compile(r"\bonly\s+(ever\s+)?(have|use|keep|need)\s+(the\s+|one\s+)?(one\s+|a\s+"
                          r"single\s+)?(username|account|acct|login)\b|\bone\s+username\b.{0,30}\b("
                          r"right|correct)\b", _I),
               ("what_can_you_do", "nlu_fallback", "affirm", "create_account", "bot_challenge",
                "thank"), "faq/two_usernames"),
    # "I have a DUI from 2012 ... do I have to put that on the application?": answered truthfully
    Correction(re.compile(r"\b(do|would|will|should|must)\s+(i|she|he|we)\s+(have\s+to|need\s+to|"
                          r"gotta)?\s*(put|list|report|disclose|mention|include|admit|tell)\b.{0,30}"
                          r"\b(on|in)\s+(the|my|her|his|this)\s+(application|app|form)\b", _I),
               ("apply", "nlu_fallback", "faq_upgrade_timing", "faq_processing_time",
                "certificate_requirements"), "faq/sworn_statement",
               also=re.compile(r"\b(dui|dwi|arrest\w*|convict\w*|charge[sd]?|record|crim\w*|"
                               r"felony|misdemeanor|offen[cs]e|ticket|probation)\b", _I)),
    # "do i put my social security number on it" after where transcripts go
    Correction(re.compile(r"\b(put|write|include|need|have)\s+(my|her|his|the)\s+(social(\s+security"
                          r"(\s+number)?)?|ssn|educator\s+id)\s+on\s+(it|them|the\s+transcripts?|"
                          r"the\s+envelope|the\s+documents?)\b", _I),
               ("change_personal_info", "link_ssn", "faq_ssn_already_linked", "nlu_fallback",
                "add_college"), "faq/mail_transcripts"),
    # "do i sign up with my maiden name or my married name?"
    Correction(re.compile(r"\b(maiden|married|old|new|legal)\s+name\b.{0,30}\bor\b.{0,30}\bname\b",
                          _I),
               ("change_personal_info", "nlu_fallback", "create_account", "save_legal_name"),
               "faq/legal_name", also=re.compile(r"\b(sign\s*up|register|use|put|enter|make|"
                                                 r"create|which)\b", _I)),
    # "my finger paint is ok? i do it already" (signed in: the status of the check)
    Correction(re.compile(r"\bmy\s+finger\s*(paint|print|prin|prnt)s?\s+(is|are|r|was|were)\s+(all\s+)?"
                          r"(ok|okay|good|fine|done|clear\w*|through|thru|back)\b", _I),
               ("nlu_fallback", "faq_returning_user", "faq_fingerprinting"),
               "check_background_status",
               unless=re.compile(r"\bhow\s+long\b|\bvalid\b|\bexpire", _I)),
    # "her Initial Professional still isn't showing ... Can we see what's holding it up?"
    Correction(re.compile(r"\bwhat'?s\s+holding\s+(it|this|things|her|him|me|us)?\s*up\b|"
                          r"\bholding\s+up\s+(her|his|my|the)\s+(cert\w*|appl\w*|app)\b", _I),
               ("faq_missing_test_scores", "nlu_fallback", "faq_processing_time",
                "faq_district_access"), "check_application_status",
               unless=re.compile(r"\b(scores?|praxis|test)\b", _I)),
)


def corrected(request: str, text: str) -> str:
    """`request` as the words mean it (unchanged unless a row of the table applies), read
    as typed, then as the model reads it ("necesito conectarla con mi record" is "I need to
    link it with my record"; typos of the domain's words spelled right; whose it is stays as
    said)."""
    meant = _corrected(request, text)
    if meant == request:
        english = for_the_model(text, first_person=False)
        if english != text:
            meant = _corrected(request, english)
    return meant


def _corrected(request: str, text: str) -> str:
    intent = request.split(":")[0].replace("faq/", "faq_")  # the router's "faq/<topic>"
    if intent == "human_handoff" and (PERSON.search(text) or SOMEONE_TO_HELP.search(text)):
        # "MY APPLICATION HAS BEEN RETURNED TWICE NOW ... I want to talk to an actual person":
        # a person asked for in words stays the request, whatever else the message says
        return request
    for row in CORRECTIONS:
        if (row.readings and intent not in row.readings) or intent == row.means or \
                not row.phrases.search(text):
            continue
        if row.unless is not None and row.unless.search(text):
            continue
        if row.also is not None and not row.also.search(text):
            continue
        return row.means
    return request
