//! Senses of trigger words that are no event of their type ("يبحث عن", "تظاهرة" as a festival, a road accident's deaths, a match), found by the words around the trigger.

use rasd_text::{Token, TokenKind};

use crate::coder::{listed_before, nisba_iso, word_in};
use crate::triggers::{Role, TriggerMatch};
use crate::EventType;

/// Subjects whose "تستهدف" is an aim, not an attack: programmes, campaigns, prevention, fines,
/// accusations (folded; read whole and without the article by `word_in`).
const AIMS: &[&str] = &[
    "وقايه",
    "حمله",
    "حملات",
    "برنامج",
    "برامج",
    "خطه",
    "مشروع",
    "مشاريع",
    "اجراءات",
    "مبادره",
    "دوره",
    "قافله",
    "استراتيجيه",
    "سياسه",
    "تظاهره",
    "دراسه",
    "مساعدات",
    "ثانويه",
    "اوليه",
    "محاضر",
    "قرارات",
    "قانون",
    "قوانين",
    "اصلاحات",
    "انتقادات",
    "اتهامات",
    "تصريحات",
    "اشاعات",
];

/// Verbs of pledging or doing before "بمساعدة", which make it help given ("تعهدت بمساعدة تونس").
const PLEDGE_VERBS: &[&str] = &[
    "تعهد",
    "تعهدت",
    "تعهدوا",
    "يتعهد",
    "تتعهد",
    "وعد",
    "وعدت",
    "التزم",
    "التزمت",
    "قام",
    "قامت",
    "يقوم",
    "تقوم",
    "يقومون",
    "سيقوم",
    "ستقوم",
    "سيقومون",
];

/// Words of a minister or ministry before "والتعاون الدولي" in a ministry's name.
const MINISTRY_WORDS: &[&str] = &["وزير", "وزاره", "لوزير", "لوزاره", "بوزاره", "كاتب"];

/// Whether a trigger word is used in a sense that is no event of its type (folded keys):
/// - "يبحث عن" is looking for something, not talks ("جوفنتوس يبحث عن تدعيم خط وسطه");
/// - "طالب" before a nationality or a field of study is a student ("طالب جزائري الجنسية");
/// - receiving a count is hosting ("مدينة ران التي تستقبل آلاف النازحين", "استقبل 200 زائر");
/// - a trigger noun counted in hundreds or more is a statistic ("800 مليون زيارة", "887 زيارة",
///   "مليون حالة اعتقال");
/// - "تظاهرة" without a protest word is a festival; "قلب هجوم" is a position on a team;
/// - "تستهدف" after a programme, campaign or prevention is its aim ("وقاية ثانوية تستهدف
///   المدخنين"), not an attack;
/// - "حشدا من" is a crowd; "تشكل تهديدا", "التحديات التي تهدد" are dangers, not threats made;
/// - "لقمة العيش" is a living, not a summit; a phone call to the press ("في اتصال هاتفي مع
///   الجوهرة أف أم", "… في اتصال هاتفي أن") is where a statement was made, not talks.
pub(crate) fn other_sense(t: EventType, role: Role, toks: &[Token], m: &TriggerMatch) -> bool {
    let key_at = |i: usize| toks.get(i).map_or("", |t| t.key.as_str());
    let word = key_at(m.first);
    let bare = word
        .strip_prefix('و')
        .or_else(|| word.strip_prefix('ف'))
        .unwrap_or(word);
    let next = key_at(m.last + 1);
    let prev = m.first.checked_sub(1).map_or("", key_at);
    if sport_sense(t, bare, toks) || accident_sense(t, bare, toks) || animal_sense(t, toks) {
        return true;
    }
    let is_count = |i: usize| {
        toks.get(i).is_some_and(|t| {
            t.kind == TokenKind::Number
                || matches!(
                    t.key.as_str(),
                    "الاف"
                        | "الف"
                        | "مليون"
                        | "ملايين"
                        | "مليار"
                        | "عشرات"
                        | "ميات"
                        | "العشرات"
                )
        })
    };
    match t {
        // "فتح بحثا", "بحث تحقيقي": an investigation, not talks.
        EventType::Consult if bare.contains("بحث") && !bare.contains("تباحث") => {
            next == "عن"
                || next.starts_with("تحقيق")
                || listed_before(toks, m.first, 4, &["فتح", "فتحت", "يفتح", "تفتح", "فتحوا"])
        }
        // ("ستستقبل نحو 7 ملايين متفرج": a qualifier may come first.)
        EventType::Consult if bare.contains("ستقبل") => {
            let q = usize::from(matches!(
                next,
                "نحو" | "حوالي" | "قرابه" | "اكثر" | "ازيد" | "يوميا" | "سنويا" | "شهريا"
            ));
            let q = q + usize::from(q == 1 && key_at(m.last + 2) == "من");
            is_count(m.last + 1 + q)
        }
        // "بحثا عن لقمة العيش": a morsel, not a summit.
        EventType::Consult if bare == "لقمه" => next == "العيش",
        // "لقاء ذهاب الدور النهائي": a match, not a meeting; "بالسجن … لقاء الضرر البدني",
        // "لقاء مبلغ مالي": in exchange for.
        // (A guard, so that the meeting rules below also read "لقاء".)
        EventType::Consult
            if bare.contains("لقاء")
                && (matches!(
                    next,
                    "ذهاب"
                        | "اياب"
                        | "الذهاب"
                        | "الاياب"
                        | "الدور"
                        | "الجوله"
                        | "الدربي"
                        | "الكلاسيكو"
                        | "البطوله"
                ) || (bare == "لقاء"
                    && matches!(
                        next.strip_prefix("ال").unwrap_or(next),
                        "ضرر"
                            | "مبلغ"
                            | "ثمن"
                            | "اجر"
                            | "اجره"
                            | "مقابل"
                            | "تعويض"
                            | "خدمات"
                            | "عموله"
                            | "رسوم"
                    ))) =>
        {
            true
        }
        // "تلتقي أهدافها": aims that converge, not a meeting.
        EventType::Consult if bare.contains("لتق") => {
            let n = next.strip_prefix("ال").unwrap_or(next);
            ["اهداف", "مصالح", "مواقف", "رؤي", "وجهات", "اراء"]
                .iter()
                .any(|w| n.starts_with(w))
        }
        // "دروس دعم" is tutoring.
        // (And "بارك الله", "تبارك وتعالى": a blessing, not support.)
        EventType::Support => matches!(prev, "دروس" | "حصص") || matches!(next, "الله" | "وتعالي"),
        // "تم القبض عليه بمساعدة بعض المواطنين": with the help of, not aid given — unless
        // a verb of pledging or doing comes before ("تعهدت بمساعدة تونس", "يقومون بمساعدة").
        EventType::Aid => {
            // (word_in also reads "وعد" whole: its و is a letter.)
            (bare == "بمساعده" && !listed_before(toks, m.first, 5, PLEDGE_VERBS))
                // "العناصر الطبية والطبية المساعدة": auxiliary staff, an adjective.
                || (matches!(bare, "المساعده" | "المساعد" | "المساعدين")
                    && (prev.ends_with("يه") || prev.ends_with("يين")))
        }
        // "وزير التنمية والاستثمار والتعاون الدولي" (also with a spaced و): a ministry's name.
        EventType::Cooperate => next == "الدولي" && listed_before(toks, m.first, 6, MINISTRY_WORDS),
        // "في اتصال هاتفي مع الجوهرة أف أم", "في اتصال هاتفي ان …": a call to the press, where
        // the speaker gave the statement, not talks between parties.
        EventType::Consult if bare.contains("اتصال") => {
            let press = |k: &str| {
                [
                    "جوهره",
                    "بوليتيكا",
                    "بوليتكا",
                    "اذاع",
                    "رويتر",
                    "وكاله",
                    "قناه",
                    "صحيف",
                    "برنامج",
                    "مراسل",
                    "زميل",
                ]
                .iter()
                .any(|w| k.contains(w))
            };
            let after: Vec<&str> = (m.last + 1..m.last + 8)
                .map(key_at)
                .filter(|k| !k.is_empty())
                .collect();
            let statement = after
                .iter()
                .find(|k| k.chars().any(char::is_alphanumeric))
                .is_some_and(|k| matches!(*k, "ان" | "بان" | "انه" | "انها"));
            statement || after.iter().take(6).any(|k| press(k))
        }
        // "الاعتداء على حقوق الشعب", "الاعتداء على الأملاك العمومية", "قسم في الاعتداء
        // بالفواحش": an infringement or an offence's name, not an attack on someone; "المواجهات
        // المباشرة": head-to-head records in sport.
        EventType::Assault
            if (bare.contains("اعتداء") || bare.contains("مواجهات")) && {
                next == "المباشره"
                    || (m.last + 1..m.last + 4).any(|i| {
                        let k = without_proclitic_and_article(key_at(i), 'ب');
                        matches!(
                            k,
                            "حقوق"
                                | "حق"
                                | "حريه"
                                | "حريات"
                                | "املاك"
                                | "ملك"
                                | "ممتلكات"
                                | "مال"
                                | "اراضي"
                                | "غابات"
                                | "فواحش"
                                | "اخلاق"
                                | "كرامه"
                                | "سمعه"
                                | "شريط"
                                | "عمومي"
                                | "مقدرات"
                        )
                    })
            } =>
        {
            true
        }
        // "اجتمعت اللجنة الوطنية … وأوصت": a body meeting on its own, with no other party named
        // (مع، بين، بنظيره …), is its own meeting, not a consultation.
        EventType::Consult
            if role == Role::Verb
                && matches!(
                    bare.trim_start_matches('س'),
                    "اجتمع" | "اجتمعت" | "يجتمع" | "تجتمع"
                )
                && {
                    !(m.last + 1..m.last + 13).any(|i| {
                        let k = key_at(i);
                        // A plural or dual subject is several parties ("يجتمع وزراء الشؤون الخارجية",
                        // "اجتمع رؤساء الكتل"; a verb before its subject stays singular).
                        let several = word_in(
                            k,
                            &[
                                "وزراء",
                                "وزيرا",
                                "وزيران",
                                "وزيرين",
                                "رووساء",
                                "رييسا",
                                "رييسان",
                                "قاده",
                                "زعماء",
                                "ممثلو",
                                "ممثلي",
                                "وفود",
                                "وفدا",
                                "طرفان",
                                "طرفين",
                                "جانبان",
                                "جانبين",
                            ],
                        );
                        // A second party coordinated with the first ("اجتمع الرئيس المصري …
                        // والعاهل الأردني", "… ونظيره التونسي").
                        let and_party = k.strip_prefix('و').is_some_and(|r| {
                            let r = r.strip_prefix("ال").unwrap_or(r);
                            [
                                "رييس",
                                "عاهل",
                                "ملك",
                                "امير",
                                "وزير",
                                "نظير",
                                "سفير",
                                "ممثل",
                                "وفد",
                                "امين",
                                "مبعوث",
                                "سلطان",
                                "قايد",
                                "زعيم",
                            ]
                            .iter()
                            .any(|w| r.starts_with(w))
                        });
                        if several || and_party {
                            return true;
                        }
                        matches!(k, "مع" | "بين" | "والي") || met_with(k)
                    })
                } =>
        {
            true
        }
        // "العقوبات البديلة", "العقوبات السجنية": penalties of a court, not sanctions.
        EventType::Sanction
            if bare.contains("عقوبات") && {
                matches!(
                    next,
                    "البديله"
                        | "بديله"
                        | "السجنيه"
                        | "سجنيه"
                        | "الجزاييه"
                        | "جزاييه"
                        | "الماليه"
                )
            } =>
        {
            true
        }
        // "زيارات ميدانية للمشاريع": inspections, not a state visit.
        EventType::Consult if bare.contains("زيار") && matches!(next, "ميدانيه" | "الميدانيه") => {
            true
        }
        // "السياح الراغبين في زيارة تونس": tourism, not a state visit.
        EventType::Consult
            if bare.contains("زياره")
                && (listed_before(
                    toks,
                    m.first,
                    4,
                    &["سياح", "سايح", "راغبين", "زوار", "حجاج", "معتمرين"],
                )) =>
        {
            true
        }
        // "انسحاب الكتل البرلمانية من الجلسة": a walkout, coded as PROTEST, not a retreat.
        EventType::Retreat
            if (m.last + 1..m.last + 21).any(|i| {
                matches!(
                    key_at(i),
                    "الجلسه" | "جلسه" | "القاعه" | "الاجتماع" | "الحوار" | "المفاوضات"
                )
            }) =>
        {
            true
        }
        // "لقي مصرعه": a death, an attack only when the sentence names attackers or weapons ("على
        // أيدي مهربين" is read as the agent elsewhere; "برصاص", "طعنا", "مسلحون").
        EventType::Assault
            if bare.contains("مصرع") && {
                let keys: Vec<&str> = bare_sentence_keys(toks).collect();
                !violent_sentence(&keys)
                    && !keys
                        .windows(2)
                        .any(|w| w[0] == "علي" && matches!(w[1], "يد" | "ايدي"))
            } =>
        {
            true
        }
        // "100 عارض": exhibitors, not opponents.
        EventType::Reject
            if word.ends_with("عارض") && m.first.checked_sub(1).is_some_and(is_count) =>
        {
            true
        }
        // "رفعت الحكومة شعار «سمّع صوتك»": a campaign's slogan, not a protest.
        EventType::Protest
            if word.contains("رفع")
                && (m.first + 1..m.last).any(|i| {
                    matches!(
                        without_proclitic_and_article(key_at(i), 'و'),
                        "حكومه" | "وزاره" | "هييه" | "حزب" | "حمله" | "بلديه"
                    )
                }) =>
        {
            true
        }
        // "هجومها الكلامي", "الهجوم الإعلامي": words, not an attack; "خطة قلب هجوم", "خط
        // الهجوم": a position on a football team.
        EventType::Assault
            if bare.contains("هجوم") && {
                matches!(
                    next,
                    "الكلامي" | "اللفظي" | "الاعلامي" | "كلامي" | "لفظي" | "اعلامي"
                ) || matches!(prev, "قلب" | "خط" | "وسط")
            } =>
        {
            true
        }
        // A meeting that is only where a statement was made ("وأضاف على هامش اجتماع للمجلس",
        // "خلال اجتماع عقد للنظر في …") or a body's own meeting ("في اجتماعه مساء أمس") is no
        // consultation between parties — unless it brings someone together ("لقاء جمع أعضاء
        // الهيئة بممثلي الأحزاب", "اجتماعه مع وزير").
        EventType::Consult
            if role == Role::Noun && (bare.contains("اجتماع") || bare.contains("لقاء")) && {
                let own = ["اجتماعه", "اجتماعها", "اجتماعهم", "باجتماعه", "باجتماعها"]
                    .iter()
                    .any(|w| bare.trim_start_matches('ف') == *w || word.ends_with(w));
                // "خلال اللقاء" refers back to a meeting told before (the meeting itself): only an
                // indefinite one after خلال is a setting ("خلال اجتماع عقد للنظر في …").
                let definite = bare.starts_with("ال") || bare.starts_with("بال");
                let setting = prev == "هامش" || (prev == "خلال" && !definite);
                let parties = (m.last + 1..m.last + 5).any(|i| {
                    let k = key_at(i);
                    matches!(k, "مع" | "بين" | "ضم" | "يجمع")
                        || k.starts_with("جمع")
                        || (met_with(k) && i <= m.last + 3)
                });
                (own || setting) && !parties
            } =>
        {
            true
        }
        // "إيقاف خمسة لاعبين عن النشاط", "تم إيقافه عن العمل": a suspension, not an arrest.
        EventType::Coerce
            if bare.contains("ايقاف") && {
                (m.last + 1..m.last + 5).any(|i| key_at(i) == "عن")
            } =>
        {
            true
        }
        // "دعت إلى فتح تحقيق", "طالب بفتح تحقيق في": an investigation asked for, not opened.
        // (`bare` strips a leading ف: "فتح" is read whole.)
        EventType::Accuse
            if (word.contains("فتح") || bare.starts_with("تحقيق") || bare == "بحث") && {
                let before = m.first.checked_sub(2).map_or("", key_at);
                prev == "الي"
                    || matches!(prev, "بفتح" | "لفتح" | "وبفتح")
                    || (prev.ends_with("فتح") && before == "الي")
            } =>
        {
            true
        }
        EventType::Request if bare == "طالب" => {
            let nisba = next.ends_with('ي')
                && !next.starts_with("ال")
                && (nisba_iso(next).is_some() || next == "جامعي");
            nisba
                || matches!(
                    next,
                    "طب" | "دكتوراه"
                        | "ماجستير"
                        | "باكالوريا"
                        | "بكالوريا"
                        | "بكليه"
                        | "بالمعهد"
                        // "طالب لجوء": an asylum seeker.
                        | "لجوء"
                        | "اللجوء"
                )
        }
        EventType::Assault if bare.contains("ستهدف") => {
            // (word_in reads "وقاية" whole and without the article.) "اتهامات إبراهيم لا
            // تستهدف شخصه وإنما تستهدف …": the subject may be a few words back.
            listed_before(toks, m.first, 6, AIMS)
        }
        // "تظاهرة" is mostly a festival or a public event in Maghreb usage ("تظاهرة ثقافية"):
        // a protest only when the sentence says against what or for what.
        // (The verb pattern تظاهر matches these nouns too.)
        EventType::Protest
            if matches!(
                bare.trim_start_matches(['ب', 'ل']).trim_start_matches("ال"),
                "تظاهره" | "تظاهرات"
            ) =>
        {
            !toks.iter().any(|t| {
                let k = without_proclitic_and_article(&t.key, 'و');
                k == "ضد"
                    || k.starts_with("احتجاج")
                    || k.starts_with("تنديد")
                    || k.starts_with("مندد")
                    || k.starts_with("متظاهر")
                    || k.starts_with("للمطالب")
                    || k.starts_with("مطالب")
                    || k.starts_with("شعارات")
                    || k.starts_with("حاشد")
                    || k.starts_with("مويد")
                    || k.starts_with("مناوي")
                    || k.starts_with("مناهض")
                    || matches!(k, "رفضا" | "دعما" | "نصره" | "تضامنا")
            })
        }
        // "تم غلق الطريق بسبب الأشغال/الثلوج": a road closed for works or weather, not blocked in
        // protest.
        EventType::Protest
            if matches!(bare.trim_start_matches("ال"), "غلق" | "اغلاق" | "قطع")
                && bare_sentence_keys(toks).any(|k| {
                    let k = k.trim_start_matches("ال");
                    [
                        "اشغال",
                        "صيانه",
                        "ثلوج",
                        "امطار",
                        "فيضان",
                        "سيول",
                        "حادث",
                        "انجراف",
                        "تهيئه",
                        "مرور",
                        "حركه",
                        "امن",
                        "امني",
                        "وحدات",
                        "سلطات",
                    ]
                    .iter()
                    .any(|w| k.starts_with(w))
                }) =>
        {
            true
        }
        // "تعهدت فرقة الأبحاث بالقضية": a police or judicial unit taking charge of a case (Tunisian
        // usage), not a pledge; "في تعهد المنشآت": upkeep.
        EventType::Agree
            if bare.contains("تعهد")
                && (matches!(prev, "في" | "حسن" | "سوء" | "عدم" | "صيانه" | "امام")
                    || (m.last + 1..m.last + 13).any(|i| {
                        let k = key_at(i);
                        let k = k.strip_prefix('و').unwrap_or(k);
                        [
                            "بالقضيه",
                            "بقضيه",
                            "بالبحث",
                            "بالابحاث",
                            "بالتحقيق",
                            "بالملف",
                            "بملف",
                            "بالموضوع",
                            "بالتحري",
                            "بها",
                            "به",
                            "بمتابعه",
                            "بمواصله",
                        ]
                        .contains(&k)
                    })
                    // The unit after the verb: "تعهدت فرقة الشرطة العدلية بـ…", "تعهد القضاء
                    // العسكري بفتح تحقيق".
                    || (m.last + 1..m.last + 3).any(|i| {
                        let k = key_at(i);
                        let k = k.strip_prefix("ال").unwrap_or(k);
                        [
                            "فرقه", "فرق", "وحدات", "حرس", "شرطه", "قضاء", "نيابه", "قاضي", "قطب",
                            "تفقديه", "اداره", "مصالح", "مصلحه", "مندوبيه",
                        ]
                        .contains(&k)
                    })) =>
        {
            true
        }
        // "وعد بلفور": the Balfour Declaration.
        EventType::Agree if word == "وعد" && next == "بلفور" => true,
        // "تظاهر شاب بفقدانه البصر", "يتظاهرون بالبرد": تظاهر بـ is to pretend.
        EventType::Protest if bare.contains("تظاهر") => {
            // (What one pretends, not "تظاهروا بالآلاف" or "بساحة".)
            (m.last + 1..m.last + 4).map(key_at).any(|k| {
                [
                    "بفقدان",
                    "بالمرض",
                    "بالموافق",
                    "بالبرد",
                    "بالجنون",
                    "بالنوم",
                    "بالموت",
                    "بالاغماء",
                    "بعدم",
                    "بانه",
                    "بانها",
                    "بالجهل",
                    "بالعمي",
                ]
                .iter()
                .any(|w| k.starts_with(w))
            })
        }
        // "حشدا من المارة": a crowd, not a mobilization.
        EventType::Mobilize if bare.starts_with("حشد") => next == "من",
        // "تشكل تهديدا لصحتهم", "التحديات التي تهدد الوجهات السياحية", "نسبة التهديدات
        // الإرهابية": a danger, not an actor threatening another.
        EventType::Threaten => {
            let k1 = m.first.checked_sub(1).map_or("", key_at);
            let k2 = m.first.checked_sub(2).map_or("", key_at);
            let poses = |k: &str| {
                matches!(
                    k.strip_prefix('و').unwrap_or(k),
                    "يشكل" | "تشكل" | "شكل" | "شكلت" | "يمثل" | "تمثل" | "مثل" | "مثلت"
                )
            };
            let danger = |k: &str| {
                let k = without_proclitic_and_article(k, 'و');
                matches!(
                    k,
                    "تحديات"
                        | "مخاطر"
                        | "اخطار"
                        | "ظاهره"
                        | "ظواهر"
                        | "ازمه"
                        | "امراض"
                        | "مرض"
                        | "جفاف"
                        | "فيضانات"
                        | "تلوث"
                        | "افه"
                        | "نسبه"
                        | "مستوي"
                )
            };
            // "الإرهاب بإمكانها أن تهدد أمننا", "من شأنها أن تهدد صحة المواطن": a danger that
            // could threaten.
            let could = matches!(k1, "ان")
                && matches!(
                    k2,
                    "بامكانها" | "بامكانه" | "يمكن" | "يمكنها" | "قد" | "شانها" | "شانه"
                );
            // "التهديدات الصحية": health hazards.
            let hazard = matches!(next, "الصحيه" | "البييه" | "المناخيه");
            poses(k1)
                || (matches!(k1, "التي" | "الذي") && danger(k2))
                || danger(k1)
                || could
                || hazard
        }
        // A number before a noun that reads as a year ("2011 احتجاجات") is no count. Counted
        // cases are counted too ("مليون حالة اعتقال", "300 حالة اعتداء").
        _ => {
            let counted_at = |i: usize| {
                matches!(key_at(i), "الاف" | "مليون" | "مليار")
                    || toks.get(i).is_some_and(|p| {
                        p.kind == TokenKind::Number
                            && p.key
                                .replace(',', "")
                                .parse::<f64>()
                                .is_ok_and(|v| v >= 100.0 && !(1900.0..=2100.0).contains(&v))
                    })
            };
            let cases = matches!(prev, "حاله" | "حالات");
            role == Role::Noun
                && m.first
                    .checked_sub(if cases { 2 } else { 1 })
                    .is_some_and(counted_at)
        }
    }
}

/// A folded key without one leading proclitic (`p`) and then the article: "بالأملاك" → "املاك".
fn without_proclitic_and_article(k: &str, p: char) -> &str {
    let k = k.strip_prefix(p).unwrap_or(k);
    k.strip_prefix("ال").unwrap_or(k)
}

/// Whether a token names whom someone met, after ب ("بنظيره", "بوزير الداخلية", "بممثلي الأحزاب",
/// "بالمندوبين الجهويين"): a person or a body, not a place or a manner ("بالحذر").
fn met_with(k: &str) -> bool {
    let Some(r) = k.strip_prefix('ب') else {
        return false;
    };
    let r = r.strip_prefix("ال").unwrap_or(r);
    [
        "نظير",
        "وزير",
        "رييس",
        "ممثل",
        "مندوب",
        "اعضاء",
        "عضو",
        "وفد",
        "سفير",
        "ملك",
        "امير",
        "عاهل",
        "قياد",
        "مسوول",
        "اطراف",
        "طرف",
        "نواب",
        "والي",
        "ولاه",
        "كاتب",
        "امين",
        "مدير",
        "سلطان",
        "كل",
        "عدد",
        "جمع",
        "الرييس",
        "الوزير",
        "نقاب",
        "منظم",
        "هييه",
        "لجنه",
        "بعث",
        "اتحاد",
        "حزب",
        "احزاب",
        "مبعوث",
    ]
    .iter()
    .any(|w| r.starts_with(w))
}

/// Whether a sentence (keys without ب/ل) speaks of attackers, weapons, terrorism, forces or the army.
fn violent_sentence(keys: &[&str]) -> bool {
    keys.iter().any(|k| {
        [
            "هجوم",
            "هاجم",
            "مسلح",
            "ارهاب",
            "اغتيال",
            "اعتداء",
            "قصف",
            "غاره",
            "طعن",
            "انتحاري",
            "رصاص",
            "داعش",
            "عصاب",
            "نار",
            "تفجير",
            "قنبل",
            "عبوه",
            "ناسف",
            "مفخخ",
            "قوات",
            "جيش",
        ]
        .iter()
        .any(|w| k.contains(w))
    })
}

/// Folded keys of a sentence without their proclitic و.
fn sentence_keys(toks: &[Token]) -> impl Iterator<Item = &str> {
    toks.iter()
        .map(|t| t.key.strip_prefix('و').unwrap_or(&t.key))
}

/// [`sentence_keys`] without their proclitics ب/ل as well ("برصاص" → "رصاص").
fn bare_sentence_keys(toks: &[Token]) -> impl Iterator<Item = &str> {
    sentence_keys(toks).map(|k| k.trim_start_matches(['ب', 'ل']))
}

/// A sentence about a game: at least two distinct words only sport uses (a match, a stadium, a
/// half, players, the coach, a championship, a draw, a penalty, football).
fn is_sport_sentence(toks: &[Token]) -> bool {
    const SPORT: [&str; 16] = [
        "مباراه",
        "منتخب",
        "مباريات",
        // Tunisian usage: "مقابلة" is a match (or an interview: one word alone never decides).
        "مقابله",
        "مسابقه",
        "ملعب",
        "الشوط",
        "لاعب",
        "اللاعب",
        "المدرب",
        "مدرب",
        "البطوله",
        "التعادل",
        "جزاء",
        "القدم",
        "السله",
    ];
    let mut seen = [false; SPORT.len()];
    for k in bare_sentence_keys(toks) {
        for (i, w) in SPORT.iter().enumerate() {
            if k.starts_with(w) || k.strip_prefix("ال").is_some_and(|r| r.starts_with(w)) {
                if let Some(s) = seen.get_mut(i) {
                    *s = true;
                }
            }
        }
    }
    seen.iter().filter(|s| **s).count() >= 2
}

/// An attack or a bite by an animal ("تعرضت امرأة إلى هجوم من قبل كلب") is no attack by an actor,
/// unless the sentence speaks of terrorism or gunmen. (Not ذئب, أسد, نمر: ذياب, الأسد and النمر
/// are surnames and أسود is black; not the singular خنزير: "لحم الخنزير" is pork.)
fn animal_sense(t: EventType, toks: &[Token]) -> bool {
    if t != EventType::Assault {
        return false;
    }
    let bare = |k: &str| {
        let k = k.trim_start_matches(['ب', 'ل', 'و']);
        k.strip_prefix("ال").unwrap_or(k).to_string()
    };
    let animal = sentence_keys(toks).any(|k| {
        matches!(
            bare(k).as_str(),
            "كلب"
                | "كلاب"
                | "خنازير"
                | "افعي"
                | "ثعبان"
                | "عقرب"
                | "قرش"
                | "سمكه"
                | "دب"
                | "حيوان"
                | "حيوانات"
                | "نحل"
        )
    });
    animal
        && !sentence_keys(toks).any(|k| {
            let k = bare(k);
            k.contains("ارهاب") || k.starts_with("مسلح") || k.contains("داعش")
        })
}

/// In a sentence about a game, a "meeting" or "hosting" is the match, "support" is a team's
/// standing ("دعم موقعه في الصدارة"), a "withdrawal" is from a competition or a coaching job, and
/// an "attack" is the press's or the forwards'.
fn sport_sense(t: EventType, bare: &str, toks: &[Token]) -> bool {
    let applies = match t {
        EventType::Consult => bare.contains("لقاء") || bare.contains("ستقبل"),
        EventType::Support | EventType::Retreat => true,
        EventType::Assault => {
            bare.contains("هجوم") || bare.contains("هاجم") || bare.contains("مواجه")
        }
        // "إيقاف اللاعب": a suspension.
        EventType::Coerce => bare.contains("ايقاف"),
        _ => false,
    };
    applies && is_sport_sentence(toks)
}

/// A death or an explosion in an accident (a road accident, a vehicle overturning, a plane
/// falling, a technical fault, drowning, a fire, a collapse, a gas cylinder) is no attack, unless
/// the sentence also speaks of attackers, weapons or terrorism.
fn accident_sense(t: EventType, bare: &str, toks: &[Token]) -> bool {
    if t != EventType::Assault
        || !["قتل", "مقتل", "انفجار", "وفاه", "وفات"]
            .iter()
            .any(|w| bare.contains(w))
    {
        return false;
    }
    let keys: Vec<&str> = bare_sentence_keys(toks).collect();
    if violent_sentence(&keys) {
        return false;
    }
    keys.windows(2).any(|w| {
        let (a, b) = (w[0].trim_start_matches("ال"), w[1].trim_start_matches("ال"));
        matches!(
            (a, b),
            ("حادث" | "حادثه" | "حوادث", "مرور" | "سير")
                | (
                    "انقلاب",
                    "سياره" | "شاحنه" | "حافله" | "قطار" | "عربه" | "جرار"
                )
                | (
                    "سقوط" | "تحطم",
                    "طايره" | "مروحيه" | "حافله" | "سياره" | "شاحنه" | "قطار"
                )
                | ("خلل" | "عطل", "فني")
                | ("صعقه" | "صعق", "كهربايي" | "كهربايه")
        )
    }) || keys.iter().any(|k| {
        matches!(
            k.trim_start_matches("ال"),
            "اصطدام"
                | "غرق"
                | "حريق"
                | "انزلاق"
                | "زلزال"
                | "فيضانات"
                | "انهيار"
                | "قاروره"
                | "انبوب"
        )
    })
}
